const name = process.env.FORMATTER || "left-padder";
const fmt = require(name);
const { v4 } = require("uuid");
