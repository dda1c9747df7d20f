exports.handler=async()=>({});
