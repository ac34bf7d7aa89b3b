"""WhatsApp, through two providers: Meta's Cloud API and Twilio.

Every module name says whom it serves:
- ``shared_*``  used by both providers: the input and output base classes, background dispatch, the
  conversation state in the shared database, the channel's own texts, option numbering and
  rendering rules, inbound message kinds, retries, and the conversation language lookup;
- ``cloud_*``   Meta's WhatsApp Cloud API only: its webhook parser and signature, its message
  bodies (buttons and lists), its Graph API sender, and the thin connector (name "whatsapp");
- ``twilio_*``  Twilio only: its form parser, its message bodies (numbered lists), its REST sender,
  and the thin connector (name "twilio_whatsapp").

A ``cloud_*`` module never imports a ``twilio_*`` one, nor the other way round; both import only
``shared_*`` modules. Nothing is imported here, so loading one module does not load the others.
"""
