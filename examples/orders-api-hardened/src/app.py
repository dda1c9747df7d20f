"""Create an order (example code for the faasguard demo)."""

import json
import os

import boto3
import requests

TABLE = boto3.resource("dynamodb").Table(os.environ.get("TABLE", "orders"))


def create_order(event, context):
    order = json.loads(event.get("body") or "{}")
    TABLE.put_item(Item=order)
    requests.post(os.environ["WEBHOOK"], json=order, timeout=5)
    return {"statusCode": 201, "body": json.dumps(order)}
