"""diet-direct-call: DIET's compiled prediction is called directly, not through tf.function's dispatch.

Rasa wraps DIET's predict_step in a tf.function with one dynamic input signature, so the same
compiled graph serves every message. Calling the tf.function still runs its dispatch each time:
the input structure is checked against the signature, each array is cast, and the function cache
is searched (about a fifth of a parse's time in bench/profile_rasa.py). Once Rasa has built that
tf.function, it is replaced by DirectStep, which calls its one concrete function with the arrays
converted in the signature's order; Rasa's own _rasa_predict still does everything else. The
graph, its weights and its outputs are the same (tests/model/test_diet_direct_call.py compares
every output for English, Malay and payloads). A batch whose arrays do not match the signature (a
new dtype or rank) goes through the tf.function as before.
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "diet-direct-call"
TARGETS = (
    Target("rasa.utils.tensorflow.models", "RasaModel", "_rasa_predict"),
    Target("tensorflow.python.eager.polymorphic_function.monomorphic_function", "ConcreteFunction", "_call_flat"),
)


class DirectStep:
    """Stands in for a model's `_tf_predict_step` (a tf.function with an input signature)."""

    def __init__(self, function: Any) -> None:
        import tensorflow as tf

        self.function = function
        self.concrete = function.get_concrete_function()
        self.expected = [(spec.dtype, spec.shape.rank) for spec in tf.nest.flatten(function.input_signature)]

    def __call__(self, batch_in: Any) -> Any:
        import tensorflow as tf

        inputs = [tf.convert_to_tensor(array) for array in tf.nest.flatten(batch_in)]
        if [(tensor.dtype, tensor.shape.rank) for tensor in inputs] != self.expected:
            return self.function(batch_in)
        return self.concrete._call_flat(inputs, self.concrete.captured_inputs)


def patch() -> None:
    from rasa.utils.tensorflow.models import RasaModel

    stock = RasaModel._rasa_predict

    def _rasa_predict(self: Any, batch_in: Any) -> Any:
        step = self._tf_predict_step  # None until Rasa's first prediction builds it
        if step is not None and not isinstance(step, DirectStep):
            self._tf_predict_step = DirectStep(step)
        return stock(self, batch_in)

    RasaModel._rasa_predict = _rasa_predict
