"""On PostgreSQL, a trigram GIN index makes `body LIKE '%term%'` an index scan. SQLite keeps the
plain scan of the (compact, lower-cased) search table, which is fast enough at 100k rows."""
import logging

from django.db import DatabaseError, migrations, transaction

log = logging.getLogger(__name__)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():  # a savepoint: a refused extension must not abort the migration
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        log.warning("pg_trgm not available: message search will scan instead of using an index")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS conversation_text_body_trgm "
        "ON conversations_conversationtext USING gin (body gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS conversation_text_body_trgm")


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
