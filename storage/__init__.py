"""Durable application records (booking requests, WhatsApp de-duplication) in the same database as
Rasa's SQL tracker store. SQLAlchemy Core only; engines are created lazily, never at import."""
