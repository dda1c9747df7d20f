import requests
from dateutil import parser


def handler(event, context):
    return requests.get(parser.parse(event["when"]).isoformat()).status_code
