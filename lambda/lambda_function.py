"""AWS Lambda entry point (the ASK convention): `lambda_function.lambda_handler`."""
from skill.app import lambda_handler

__all__ = ["lambda_handler"]
