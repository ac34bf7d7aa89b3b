"""The NLU entities (domain/core.yml) that name an answer to an assessment question, and that question's slot:
"hi, I have eczema on my hands" names the concern and the body area before the check asks for them."""

ENTITY_SLOTS = {"condition": "concern", "body_area": "body_area", "duration": "duration"}
