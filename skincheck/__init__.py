"""Pure skin self-assessment engine: plain functions over plain data, no Rasa, DB or network.

Import the submodules you need (``skincheck.content``, ``skincheck.questions`` ...); nothing runs at import time.
"""
