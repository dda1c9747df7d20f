import importlib
import requests
jinja = importlib.import_module("jinja2")
