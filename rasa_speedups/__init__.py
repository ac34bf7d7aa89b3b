"""Two measured speed-ups for Rasa 3.6, applied before `rasa run` (python -m rasa_speedups run ...).

Found with bench/profile_rasa.py; behaviour is unchanged (tests/unit/test_rasa_speedups.py):
- Rasa checks every action-server reply with `jsonschema.validate(reply, schema)`, which also
  re-checks the large schema itself against the meta-schema on every call: about 30 ms of CPU per
  custom action, twice per form turn. The same check with a validator built once takes under 1 ms,
  and a reply identical to one already found valid (the same question for the next person) is not
  checked again: a bounded set of the last valid replies, as canonical JSON.
- Turning each stored event back into an object (`Event.resolve_by_type`) walks the whole Event class
  tree, for every event of the conversation on every message. A dict built once gives the same class.
- A button payload such as `/inform{"choice":"no"}` went through the whole NLU pipeline (spaCy,
  CountVectors, DIET: ~8 ms), whose result the pipeline's last step, RegexMessageHandler, then
  replaces with the intent and entities written in the payload. Rasa's own unpacking is now called
  first for payloads naming a known intent; anything else still goes through the pipeline.
- Every call to the action server opened a new aiohttp session, so a new TCP connection, twice per
  form turn. Sessions are now kept per endpoint and event loop, with idle connections dropped after
  2 s: before the action server (Sanic, 5 s keep-alive) would close them, so a request never
  lands on a connection the server is closing. Their JSON bodies (the tracker and the domain) are
  written with ujson (already installed with Rasa), about four times faster than json.dumps.
- Every tracker Rasa builds (loading one, and once per past turn when the policies look back) copies
  each domain slot with copy.copy, which goes through the generic __reduce_ex__ protocol. Slot gets a
  __copy__ that makes the same shallow copy directly.
- Each NLU parse and each policy prediction runs Rasa's graph through dask's local scheduler, which
  plans the run again every time (the minimal sub-graph, dask's ordering, its task bookkeeping). The
  graphs have a dozen nodes and run in one thread anyway: the order is now worked out once per set
  of targets and the same nodes are called in it with the same inputs.
"""
from typing import Callable, Dict


VALID_REPLIES_REMEMBERED = 2048


def cache_action_result_validator() -> None:
    from collections import OrderedDict

    import jsonschema
    import ujson
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = jsonschema.validators.validator_for(schema)(schema)
    valid: "OrderedDict[str, None]" = OrderedDict()

    def _validate_action_result(self, result) -> bool:
        # The same question asked of many people gets the same reply: a reply already found valid
        # (compared as canonical JSON text) is valid again. Others are checked in full.
        key = ujson.dumps(result, sort_keys=True)
        if key in valid:
            valid.move_to_end(key)
            return True
        validator.validate(result)  # raises jsonschema.ValidationError exactly as before
        valid[key] = None
        if len(valid) > VALID_REPLIES_REMEMBERED:
            valid.popitem(last=False)
        return True

    RemoteAction._validate_action_result = _validate_action_result


def cache_event_types() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    by_name: Dict[str, type] = {}

    def resolve_by_type(type_name, default=None):
        if not by_name:
            # reversed: where two classes share a type name, the one Rasa finds first wins, as before
            for cls in reversed(all_subclasses(Event)):
                by_name[cls.type_name] = cls
        cls = by_name.get(type_name)
        return cls if cls is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)


def unpack_payloads_first() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    original = MessageProcessor._parse_message_with_graph
    pattern = YAMLStoryReader._regex_message_pattern()

    def _parse_message_with_graph(self, message, tracker, only_output_properties=True):
        text = (message.text or "").strip()
        match = pattern.match(text) if text.startswith("/") else None
        if match is None or match.group(INTENT_NAME_KEY).strip() not in self.domain.intents:
            return original(self, message, tracker, only_output_properties)
        # Exactly what the pipeline's RegexMessageHandler returns for this text.
        unpacked = YAMLStoryReader.unpack_regex_message(
            Message({TEXT: message.text}), self.domain, entity_extractor_name="RegexMessageHandler")
        parse_data = {TEXT: "", INTENT: {INTENT_NAME_KEY: None, PREDICTED_CONFIDENCE_KEY: 0.0}, ENTITIES: []}
        parse_data.update(unpacked.as_dict(only_output_properties=only_output_properties))
        return parse_data

    MessageProcessor._parse_message_with_graph = _parse_message_with_graph


KEEPALIVE_SECONDS = 2.0


def reuse_http_sessions() -> None:
    import asyncio
    import json

    import aiohttp
    import ujson
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    sessions: Dict[tuple, "aiohttp.ClientSession"] = {}

    class Borrowed:
        """`async with endpoint.session() as s` as before, without closing the shared session."""

        def __init__(self, session):
            self.session = session

        async def __aenter__(self):
            return self.session

        async def __aexit__(self, *exc_info):
            return False

    def session(self):
        loop = asyncio.get_running_loop()
        key = (id(loop), self.url, json.dumps([self.headers, self.basic_auth], sort_keys=True, default=str))
        shared = sessions.get(key)
        if shared is None or shared.closed or shared._loop is not loop:
            # Forget sessions of event loops that have ended (tests, restarts): one per live loop.
            for stale in [k for k, s in sessions.items() if s.closed or s._loop.is_closed()]:
                del sessions[stale]
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            shared = aiohttp.ClientSession(
                headers=self.headers, auth=auth, timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS), json_serialize=ujson.dumps)
            sessions[key] = shared
        return Borrowed(shared)

    EndpointConfig.session = session


def fast_slot_copy() -> None:
    from rasa.shared.core.slots import Slot

    def __copy__(self):
        # What copy.copy does for a plain object (a new instance sharing the attribute values),
        # without the generic protocol's detours.
        duplicate = type(self).__new__(type(self))
        duplicate.__dict__.update(self.__dict__)
        return duplicate

    Slot.__copy__ = __copy__


def sequential_graph_runner() -> None:
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def plan(self, targets) -> list:
        """Node names of the minimal schema for these targets, each after the nodes it needs."""
        plans = self.__dict__.setdefault("_speedups_plans", {})
        key = tuple(targets)
        if key not in plans:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            order, seen = [], set()

            def visit(name):
                if name in seen or name not in schema.nodes:
                    return
                seen.add(name)
                for need in schema.nodes[name].needs.values():
                    visit(need)
                order.append((name, self._instantiated_nodes[name], list(schema.nodes[name].needs.values())))

            for target in targets:
                visit(target)
            plans[key] = order
        return plans[key]

    def run(self, inputs=None, targets=None):
        run_targets = targets if targets else self._graph_schema.target_names
        # As in dask: a provided input reaches a node as the tuple (name, value); a node returns
        # (node name, output); a name that is neither stays the plain string.
        results = {name: (name, value) for name, value in (inputs or {}).items()}
        try:
            for name, node, needs in plan(self, run_targets):
                results[name] = node(*[results.get(need, need) for need in needs])
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)

    DaskGraphRunner.run = run


PATCHES: Dict[str, Callable[[], None]] = {
    "cached-action-schema": cache_action_result_validator,
    "cached-event-types": cache_event_types,
    "payloads-skip-nlu": unpack_payloads_first,
    "reuse-http-sessions": reuse_http_sessions,
    "fast-slot-copy": fast_slot_copy,
    "sequential-graph-runner": sequential_graph_runner,
}


def apply_all() -> None:
    for patch in PATCHES.values():
        patch()
