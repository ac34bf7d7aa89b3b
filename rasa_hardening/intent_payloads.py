"""Button payloads such as '/choose_language{"language":"ms"}' are sent as written, without an error log.

Rasa fills {slot} placeholders in every string of a response, button payloads included. The JSON
entities of an intent payload look like a placeholder, so stock Rasa logs an error with a traceback
for every menu it sends, and the traceback's locals hold the first characters of every slot value
(a location, an answer): health data in a log line that is not even a fault (RasaHQ/rasa#6616).
A string that starts with "/" is an intent payload, never a sentence, so it is returned unchanged;
everything else is filled as stock Rasa does.
"""

INTENT_PREFIX = "/"


def send_intent_payloads_as_written() -> None:
    from rasa.core.nlg import interpolator

    original = interpolator.interpolate_text
    if getattr(original, "keeps_intent_payloads", False):
        return  # applied already

    def interpolate_text(response, values):
        if isinstance(response, str) and response.startswith(INTENT_PREFIX):
            return response
        return original(response, values)

    interpolate_text.keeps_intent_payloads = True  # type: ignore[attr-defined]
    interpolator.interpolate_text = interpolate_text
