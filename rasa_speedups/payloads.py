"""payloads-skip-nlu: a button payload naming a known intent is unpacked without the NLU pipeline.

A payload such as `/inform{"choice":"no"}` went through the whole NLU pipeline (spaCy, CountVectors,
DIET: ~8 ms), whose result the pipeline's last step, RegexMessageHandler, then replaces with the
intent and entities written in the payload. Rasa's own unpacking is now called first for payloads
naming a known intent; anything else still goes through the pipeline (tests/model proves the parses
are identical).
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "payloads-skip-nlu"
TARGETS = (
    Target("rasa.core.processor", "MessageProcessor", "_parse_message_with_graph"),
    Target(
        "rasa.shared.core.training_data.story_reader.yaml_story_reader", "YAMLStoryReader", "_regex_message_pattern"
    ),
    Target("rasa.shared.core.training_data.story_reader.yaml_story_reader", "YAMLStoryReader", "unpack_regex_message"),
)


def patch() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    original = MessageProcessor._parse_message_with_graph
    pattern = YAMLStoryReader._regex_message_pattern()

    def _parse_message_with_graph(
        self: Any, message: Any, tracker: Any, only_output_properties: bool = True
    ) -> dict[str, Any]:
        text = (message.text or "").strip()
        match = pattern.match(text) if text.startswith("/") else None
        if match is None or match.group(INTENT_NAME_KEY).strip() not in self.domain.intents:
            return original(self, message, tracker, only_output_properties)
        # Exactly what the pipeline's RegexMessageHandler returns for this text.
        unpacked = YAMLStoryReader.unpack_regex_message(
            Message({TEXT: message.text}), self.domain, entity_extractor_name="RegexMessageHandler"
        )
        parse_data: dict[str, Any] = {
            TEXT: "",
            INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0},
            ENTITIES: [],
        }
        parse_data.update(unpacked.as_dict(only_output_properties=only_output_properties))
        return parse_data

    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
