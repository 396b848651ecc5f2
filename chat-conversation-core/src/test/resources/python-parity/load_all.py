#!/usr/bin/env python3
"""Loads files with the Python library chat-completions-conversation, in one process.

Usage: python3 load_all.py REFERENCE_FOLDER OUT_FOLDER FILE.json...
For each FILE.json it writes OUT_FOLDER/FILE.txt (what export_to_text() returns after
load_from_json_file) and OUT_FOLDER/FILE.saved.json (what save_to_json_file then writes),
as transcript.py of the reference does for one file.
"""
import os
import sys

reference, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path[:0] = [reference, os.path.join(reference, "shims")]
from chat_completions_conversation import ChatCompletionsConversation  # noqa: E402

for path in files:
    name = os.path.splitext(os.path.basename(path))[0]
    conversation = ChatCompletionsConversation(u"unused", u"http://127.0.0.1:9/v1", u"unused")
    conversation.load_from_json_file(path)
    with open(os.path.join(out, name + ".txt"), "w", encoding="utf-8", newline="") as f:
        f.write(conversation.export_to_text())
    conversation.save_to_json_file(os.path.join(out, name + ".saved.json"))
