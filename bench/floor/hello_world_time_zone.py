"""The floor plus the one call every first turn makes: the hello-world skill, whose launch first asks Alexa's
Settings API for the device's time zone, the plainest way the standard library allows (`http.client` over
`ssl`, imported on the call; the system's roots; one new connection, 0.4 s timeout, as ours).

The benchmark runs it beside the floor and ours. This against the floor is what the lookup alone costs any
skill; ours against this is what Leg Cramp Helper costs around the lookup.
"""
import json

from ask_sdk_core.skill_builder import SkillBuilder
from hello_world import SPEECH, LaunchRequestHandler


def time_zone(system) -> str:
    import http.client
    import ssl
    from urllib.parse import urlsplit

    url = urlsplit(system.api_endpoint)
    connection = http.client.HTTPSConnection(url.hostname, url.port or 443, timeout=0.4, context=ssl.create_default_context())
    connection.request("GET", f"/v2/devices/{system.device.device_id}/settings/System.timeZone",
                       headers={"Authorization": f"Bearer {system.api_access_token}", "Accept": "application/json"})
    return json.loads(connection.getresponse().read())


class TimeZoneLaunchHandler(LaunchRequestHandler):
    def handle(self, handler_input):
        zone = time_zone(handler_input.request_envelope.context.system)
        return handler_input.response_builder.speak(f"{SPEECH} Your time zone is {zone}.").ask(SPEECH).response


skill_builder = SkillBuilder()
skill_builder.add_request_handler(TimeZoneLaunchHandler())
lambda_handler = skill_builder.lambda_handler()
