"""The triage core: pure Python, no Alexa SDK, no AWS. Content comes in as data, ids go out."""
