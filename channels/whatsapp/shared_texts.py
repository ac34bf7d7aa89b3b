"""Shared by both WhatsApp providers: the few texts the channels send themselves, in content/channels.yml
under `whatsapp.` (one set for both: a WhatsApp user sees the same words whichever provider carries them).

Read through the shared text API (skincheck.texts): ``texts.say("channels", "whatsapp.choose_prompt", lang)``.
Loaded once when the channel is created from credentials (Rasa start-up), so a missing or empty
text stops the start with an error naming the file and the key instead of failing mid-chat."""

import os

from skincheck.content import Checker
from skincheck.texts import Texts
from skincheck.texts import load as load_texts
from skincheck.yamlfile import ContentError

FILE = "channels"
SECTION = "whatsapp"
REQUIRED_KEYS = (
    "only_text_understood",
    "numbered_reply_hint",
    "list_button_label",
    "choose_prompt",
    "message_too_long",
)
# WhatsApp rejects an interactive list whose button label is longer than this.
LIST_BUTTON_LABEL_MAX = 20

ChannelContentError = ContentError  # what a bad channels.yml raises (the message names file and key)


def key(name: str) -> str:
    """The dotted key of one of the WhatsApp texts, e.g. key("choose_prompt") -> "whatsapp.choose_prompt"."""
    return f"{SECTION}.{name}"


def load_channel_texts(content_dir: str | None = None) -> Texts:
    directory = content_dir or os.environ.get("CONTENT_DIR") or "content"
    texts = load_texts(directory, files=(FILE,))
    check = Checker(f"{directory.rstrip('/')}/{FILE}.yml")
    section = check.get(texts.files[FILE], SECTION, "", dict)
    for name in REQUIRED_KEYS:
        limit = LIST_BUTTON_LABEL_MAX if name == "list_button_label" else None
        check.text(check.get(section, name, SECTION), key(name), limit=limit)
    return texts
