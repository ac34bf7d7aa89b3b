"""The few texts the WhatsApp channels send themselves, read from content/channels.yml.

Loaded once when the channel is created from credentials (Rasa start-up), so a missing or empty
text stops the start with an error naming the file and the key instead of failing mid-chat."""
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

import yaml

FILE_NAME = "channels.yml"
SECTION = "whatsapp"
DEFAULT_LANGUAGE = "en"
REQUIRED_KEYS = ("only_text_understood", "numbered_reply_hint", "list_button_label", "choose_prompt", "message_too_long")
# WhatsApp rejects an interactive list whose button label is longer than this.
LIST_BUTTON_LABEL_MAX = 20


class ChannelContentError(ValueError):
    """content/channels.yml is missing, malformed, or lacks a text."""


@dataclass(frozen=True)
class ChannelTexts:
    texts: Mapping[str, Mapping[str, str]]

    def get(self, key: str, language: Optional[str] = None) -> str:
        by_language = self.texts[key]
        return by_language.get(language or DEFAULT_LANGUAGE) or by_language[DEFAULT_LANGUAGE]


def load_channel_texts(content_dir: Optional[str] = None) -> ChannelTexts:
    path = Path(content_dir or os.environ.get("CONTENT_DIR") or "content") / FILE_NAME
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ChannelContentError(f"{path}: cannot read file ({exc})") from exc
    except yaml.YAMLError as exc:
        raise ChannelContentError(f"{path}: not valid YAML ({exc})") from exc

    section = data.get(SECTION) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise ChannelContentError(f"{path}: key '{SECTION}' must be a mapping of texts")

    texts = {}
    for key in REQUIRED_KEYS:
        by_language = section.get(key)
        where = f"{path}: key '{SECTION}.{key}"
        if not isinstance(by_language, dict):
            raise ChannelContentError(f"{where}' must map languages to texts")
        for language, text in by_language.items():
            if not isinstance(text, str) or not text.strip():
                raise ChannelContentError(f"{where}.{language}' must be a non-empty text")
        if DEFAULT_LANGUAGE not in by_language:
            raise ChannelContentError(f"{where}.{DEFAULT_LANGUAGE}' is missing")
        texts[key] = {language: text.strip() for language, text in by_language.items()}

    for language, label in texts["list_button_label"].items():
        if len(label) > LIST_BUTTON_LABEL_MAX:
            raise ChannelContentError(
                f"{path}: key '{SECTION}.list_button_label.{language}' is longer than "
                f"{LIST_BUTTON_LABEL_MAX} characters"
            )
    return ChannelTexts(texts)
