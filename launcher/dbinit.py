"""`python -m launcher.dbinit`: creates every table of the assistant's database (DB_* settings) once,
before several Rasa and action-server processes start and would race to create them."""

import asyncio  # noqa: F401  (Rasa's store imports need an event-loop policy set up first)


def create_all() -> None:
    from storage import bookings, handoffs, whatsapp
    from storage.db import database_url, get_engine
    from storage.tracker_store import WindowedSQLTrackerStore

    store = WindowedSQLTrackerStore(host=database_url().render_as_string(hide_password=False))
    store.engine.dispose()
    engine = get_engine()
    bookings.ensure_schema(engine)
    handoffs.ensure_schema(engine)
    whatsapp.create_tables(engine)


if __name__ == "__main__":
    create_all()
    print("assistant tables ready")
