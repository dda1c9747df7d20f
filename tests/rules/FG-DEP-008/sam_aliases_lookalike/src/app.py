import yaml
from bs4 import BeautifulSoup
from aws_lambda_powertools import Logger
