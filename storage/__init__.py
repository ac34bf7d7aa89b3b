"""Durable application records shared by the action server, the channels and the console (booking
requests, hand-off requests, WhatsApp de-duplication and state) with SQLAlchemy Core, in the same
database as Rasa's tracker store; and that tracker store itself (tracker_store.py, Rasa's ORM-based
SQLTrackerStore plus a window table). Engines are created lazily, never at import."""
