"""The Alexa transport: the only code that imports ask_sdk. Requests become core events; turns become responses."""
