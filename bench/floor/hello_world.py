"""The floor: the smallest ask-sdk-core skill that answers a LaunchRequest, as the SDK's hello-world sample does.

The benchmark measures Leg Cramp Helper against this. It has no persistence, no content and no logging set-up:
only the SDK's skill builder, one request handler and the response builder.
"""
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type

SPEECH = "Welcome, you can say Hello or Help. Which would you like to try?"


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak(SPEECH).ask(SPEECH).response


skill_builder = SkillBuilder()
skill_builder.add_request_handler(LaunchRequestHandler())
lambda_handler = skill_builder.lambda_handler()
