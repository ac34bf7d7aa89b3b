from .summary import (ConversationSummary, ConversationText, FallbackMessage, Note, SyncState,  # noqa: F401
                      Tag)
from .tracker import TrackerEvent  # noqa: F401
