"""diet-direct-call: DIET's compiled prediction is called directly, not through tf.function's dispatch.

Rasa wraps DIET's predict_step in a tf.function with one dynamic input signature, so the same
compiled graph serves every message. Calling the tf.function still runs its dispatch each time:
the input structure is checked against the signature, each array is cast, and the function cache
is searched (about a fifth of a parse's time in bench/profile_rasa.py). Here the one concrete
function is taken from the tf.function once per model and called with the arrays converted in
the signature's order; the graph, its weights and its outputs are the same ones
(tests/model/test_diet_direct_call.py compares every output for English, Malay and payloads).
A batch whose arrays do not match the signature (a new dtype or rank) goes through the stock path.
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "diet-direct-call"
TARGETS = (
    Target("rasa.utils.tensorflow.models", "RasaModel", "_rasa_predict"),
    Target("tensorflow.python.eager.polymorphic_function.monomorphic_function", "ConcreteFunction", "_call_flat"),
)
CACHE = "_speedups_predict"  # per model instance: (concrete function, [(dtype, rank)] of its inputs)


def _compiled(model: Any, batch_in: Any) -> tuple[Any, list[tuple[Any, int]]]:
    import tensorflow as tf

    cached = model.__dict__.get(CACHE)
    if cached is None:
        if model._tf_predict_step is None:  # as stock Rasa builds it on the first prediction
            model._tf_predict_step = tf.function(model.predict_step, input_signature=model._dynamic_signature(batch_in))
        concrete = model._tf_predict_step.get_concrete_function()
        specs = tf.nest.flatten(model._tf_predict_step.input_signature)
        cached = (concrete, [(spec.dtype, spec.shape.rank) for spec in specs])
        model.__dict__[CACHE] = cached
    return cached


def patch() -> None:
    import tensorflow as tf
    from keras.utils import tf_utils
    from rasa.utils.tensorflow import models
    from rasa.utils.tensorflow.models import RasaModel

    stock = RasaModel._rasa_predict

    def _rasa_predict(self: Any, batch_in: Any) -> Any:
        if self._run_eagerly:
            return stock(self, batch_in)
        self._training = False
        if not self.prepared_for_prediction:
            self.prepare_for_predict()
            self.prepared_for_prediction = True
        concrete, expected = _compiled(self, batch_in)
        arrays = tf.nest.flatten(batch_in)
        inputs = [tf.convert_to_tensor(array) for array in arrays]
        if [(tensor.dtype, tensor.shape.rank) for tensor in inputs] != expected:
            return stock(self, batch_in)
        outputs = tf_utils.sync_to_numpy_or_python_type(concrete._call_flat(inputs, concrete.captured_inputs))
        if models.DIAGNOSTIC_DATA in outputs:
            outputs[models.DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[models.DIAGNOSTIC_DATA])
        return outputs

    RasaModel._rasa_predict = _rasa_predict
