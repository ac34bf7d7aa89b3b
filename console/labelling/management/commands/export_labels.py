"""Write the console's labels into the Rasa project (then `make train`)."""

from pathlib import Path

from audit.services import record
from django.core.management.base import BaseCommand

from labelling.export import export_labels


class Command(BaseCommand):
    help = (
        "Export labelled messages: intents to data/nlu/reviewed.yml, answers to content/reviewed_answers.yml, "
        "one in five to the held-out sets in tests/data/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--project-dir", type=Path, default=None, help="the Rasa project to write into (default: this repository)"
        )

    def handle(self, *args, project_dir=None, **options):
        report = export_labels(project_dir)
        record(
            None,
            "export_labels",
            "labels",
            actor="export_labels",
            new_labels=report.new_labels,
            nlu_train=report.nlu_train,
            nlu_heldout=report.nlu_heldout,
            answers_train=report.answers_train,
            answers_heldout=report.answers_heldout,
            skipped=len(report.skipped),
        )
        for line in report.skipped:
            self.stdout.write(f"skipped {line}")
        self.stdout.write(
            f"{report.new_labels} new labels; training examples {report.nlu_train}, held-out {report.nlu_heldout}; "
            f"reviewed answers {report.answers_train}, held-out {report.answers_heldout}; "
            f"files changed: {', '.join(report.written) or 'none'}"
        )
        if report.written:
            self.stdout.write("Next: make train (and make test to see the F1 before and after).")
