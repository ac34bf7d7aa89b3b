"""Thin rasa-sdk actions: read slots, call the skincheck engine, utter text from content/ or the domain.

One module per concern. Content is loaded lazily once per process (actions.runtime) and validated
at start-up by actions.server before the endpoint accepts requests.
"""
