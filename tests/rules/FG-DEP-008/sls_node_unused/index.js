const { v4: uuid } = require("uuid");
import { S3Client } from "@aws-sdk/client-s3";
const fs = require("node:fs");
const helper = require("./helper");
exports.handler = async () => ({ id: uuid() });
