#!/usr/bin/env python3
"""Regenerates the Python parity fixtures from the Python library chat-completions-conversation.

Usage: python3 generate.py [PATH_TO_REFERENCE]
PATH_TO_REFERENCE is the folder holding the library's chat_completions_conversation.py and
transcript.py (default: ../shared/reference/python-chat-completions-conversation, searched upwards
from this folder). For every shape below it writes, in shapes/:
  NAME.json        the input, laid out as the library's save_to_json_file() writes JSON
                   (json.dump with indent=2, ensure_ascii=False)
  NAME.txt         what export_to_text() returns after load_from_json_file(NAME.json)
  NAME.saved.json  what save_to_json_file() writes after load_from_json_file(NAME.json)
and checks that the library loads NAME.saved.json back to the same transcript.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

LONG_TEXT = u"Paragraph one.\n\nParagraph two, with\ttabs and trailing spaces   \n- a list\n- of items"

SHAPES = {
    # the Python library's README example (messages.json)
    u"readme-example": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://upload.wikimedia.org/wikipedia/commons/thumb/4/47/PNG_transparency_demonstration_1.png/640px-PNG_transparency_demonstration_1.png"}},
        {u"type": u"text", u"text": u"Describe what's in this image."},
        {u"type": u"text", u"text": u"Then, describe this dog."},
        {u"type": u"image_url", u"image_url": {u"url": u"https://images.unsplash.com/photo-1518717758536-85ae29035b6d"}},
        {u"type": u"text", u"text": u"What are the main differences between them?"}]}],
    u"readme-example-answered": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://upload.wikimedia.org/wikipedia/commons/thumb/4/47/PNG_transparency_demonstration_1.png/640px-PNG_transparency_demonstration_1.png"}},
        {u"type": u"text", u"text": u"Describe what's in this image."},
        {u"type": u"text", u"text": u"Then, describe this dog."},
        {u"type": u"image_url", u"image_url": {u"url": u"https://images.unsplash.com/photo-1518717758536-85ae29035b6d"}},
        {u"type": u"text", u"text": u"What are the main differences between them?"}]},
        {u"role": u"assistant", u"content": u"The first image shows two dice; the second, a dog."},
        {u"role": u"user", u"content": u"And which one would make the better pet?"},
        {u"role": u"assistant", u"content": u"The dog."}],
    u"empty-history": [],
    u"hello-hi": [{u"role": u"user", u"content": u"Hello"}, {u"role": u"assistant", u"content": u"Hi"}],
    u"one-user-message": [{u"role": u"user", u"content": u"Hello"}],
    u"unanswered-last-message": [
        {u"role": u"user", u"content": u"Hello"}, {u"role": u"assistant", u"content": u"Hi"},
        {u"role": u"user", u"content": u"Are you there?"}],
    u"leading-assistant-message": [
        {u"role": u"assistant", u"content": u"Welcome! Ask me anything."},
        {u"role": u"user", u"content": u"Hi"}, {u"role": u"assistant", u"content": u"Hello"}],
    u"only-assistant-messages": [
        {u"role": u"assistant", u"content": u"One"}, {u"role": u"assistant", u"content": u"Two"}],
    u"consecutive-assistant-messages": [
        {u"role": u"user", u"content": u"Hi"}, {u"role": u"assistant", u"content": u"Hello"},
        {u"role": u"assistant", u"content": u"How can I help?"}, {u"role": u"user", u"content": u"A joke"},
        {u"role": u"assistant", u"content": u"Knock knock."}],
    u"consecutive-user-messages": [
        {u"role": u"user", u"content": u"First"}, {u"role": u"user", u"content": u"Second"},
        {u"role": u"assistant", u"content": u"Both read."}],
    u"multi-line-texts": [
        {u"role": u"user", u"content": u"line one\nline two\n\nline four"},
        {u"role": u"assistant", u"content": LONG_TEXT}],
    u"trailing-newlines": [
        {u"role": u"user", u"content": u"question\n"}, {u"role": u"assistant", u"content": u"answer\n\n"},
        {u"role": u"user", u"content": u"\nleading"}, {u"role": u"assistant", u"content": u"ok\r\n"}],
    u"only-newlines": [{u"role": u"user", u"content": u"\n"}, {u"role": u"assistant", u"content": u"\n\n"}],
    u"whitespace-texts": [{u"role": u"user", u"content": u" "}, {u"role": u"assistant", u"content": u"\t"}],
    u"empty-user-text": [{u"role": u"user", u"content": u""}, {u"role": u"assistant", u"content": u"Say something?"}],
    u"empty-assistant-reply": [{u"role": u"user", u"content": u"Hello"}, {u"role": u"assistant", u"content": u""}],
    u"empty-texts-everywhere": [
        {u"role": u"user", u"content": u""}, {u"role": u"assistant", u"content": u""},
        {u"role": u"user", u"content": [{u"type": u"text", u"text": u""}]}, {u"role": u"assistant", u"content": u""}],
    u"text-part-only": [{u"role": u"user", u"content": [{u"type": u"text", u"text": u"Just text, as a part"}]},
                        {u"role": u"assistant", u"content": u"Read."}],
    u"two-text-parts": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"First part."}, {u"type": u"text", u"text": u"Second part."}]},
        {u"role": u"assistant", u"content": u"Two parts."}],
    u"image-alone": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/cat.png"}}]},
        {u"role": u"assistant", u"content": u"A cat."}],
    u"text-then-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"What is this?"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/cat.png"}}]},
        {u"role": u"assistant", u"content": u"A cat."}],
    u"image-then-text": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/cat.png"}},
        {u"type": u"text", u"text": u"What is this?"}]},
        {u"role": u"assistant", u"content": u"A cat."}],
    u"two-images": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/b.png"}}]},
        {u"role": u"assistant", u"content": u"Two images."}],
    u"text-image-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"Compare:"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/b.png"}}]},
        {u"role": u"assistant", u"content": u"Same."}],
    u"text-text-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"Context."}, {u"type": u"text", u"text": u"Look:"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}}]}],
    u"alternating-parts": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"one"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/1.png"}},
        {u"type": u"text", u"text": u"two"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/2.png"}},
        {u"type": u"text", u"text": u"three"}]},
        {u"role": u"assistant", u"content": u"Counted."}],
    u"empty-text-then-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u""},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}}]}],
    u"image-then-empty-text": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}},
        {u"type": u"text", u"text": u""}]}],
    u"multi-part-then-text-turns": [
        {u"role": u"user", u"content": [
            {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}},
            {u"type": u"text", u"text": u"What is it?"}]},
        {u"role": u"assistant", u"content": u"A dog."},
        {u"role": u"user", u"content": u"Its breed?"},
        {u"role": u"assistant", u"content": u"A beagle."}],
    u"multi-line-text-with-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"Look at this:\n\nthen answer.\n"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png"}}]}],
    u"empty-parts-list": [{u"role": u"user", u"content": []}, {u"role": u"assistant", u"content": u"Nothing?"},
                          {u"role": u"user", u"content": u"Now"}],
    u"non-ascii": [
        {u"role": u"user", u"content": u"\u00bfQu\u00e9 es \u6771\u4eac? \U0001f5fc"},
        {u"role": u"assistant", u"content": u"T\u014dky\u014d \u2014 la capitale du Japon \U0001f1ef\U0001f1f5"},
        {u"role": u"user", u"content": u"\u0645\u0631\u062d\u0628\u0627 \u2014 \u05e9\u05dc\u05d5\u05dd \u2014 \u0928\u092e\u0938\u094d\u0924\u0947 \u2014 e\u0301 \ufeff zero\u200bwidth"},
        {u"role": u"assistant", u"content": u"\u2028line separator\u2029paragraph separator"}],
    u"escaped-characters": [
        {u"role": u"user", u"content": u"quotes \" and ' and \\ backslash, / slash, <b>tags</b> & ampersand"},
        {u"role": u"assistant", u"content": u"control \u0001 \u001f \u007f and \b \f \t"}],
    u"url-with-single-quote": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/it's.png"}}]}],
    u"url-with-double-quote-and-spaces": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"Odd"},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a \"b\" c.png?q=1&r=<2>"}}]}],
    u"url-with-unicode": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/\u732b/\u00e9t\u00e9 \U0001f431.png"}}]}],
    u"url-with-newline": [{u"role": u"user", u"content": [
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a\nb.png"}}]}],
    u"data-url-image": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"A pixel:"},
        {u"type": u"image_url", u"image_url": {u"url": u"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}]}],
    u"empty-url": [{u"role": u"user", u"content": [{u"type": u"image_url", u"image_url": {u"url": u""}}]}],
    u"image-with-detail": [{u"role": u"user", u"content": [
        {u"type": u"text", u"text": u"Low detail is enough."},
        {u"type": u"image_url", u"image_url": {u"url": u"https://example.com/a.png", u"detail": u"low"}}]}],
    u"fields-python-ignores": [
        {u"role": u"user", u"content": u"Hi", u"name": u"alice"},
        {u"role": u"assistant", u"content": u"Hello", u"name": u"bot"}],
    u"long-conversation": [m for i in range(1, 13) for m in (
        {u"role": u"user", u"content": u"Question %d" % i},
        {u"role": u"assistant", u"content": u"Answer %d" % i})],
    u"markdown-in-reply": [{u"role": u"user", u"content": u"Code?"}, {u"role": u"assistant", u"content":
        u"```python\nprint('hi')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"}],
}


def find_reference(argv):
    if len(argv) > 1:
        return argv[1]
    folder = HERE
    while True:
        candidate = os.path.join(folder, u"shared", u"reference", u"python-chat-completions-conversation")
        if os.path.isfile(os.path.join(candidate, u"transcript.py")):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            sys.exit(u"the reference is not found; pass its folder as the first argument")
        folder = parent


def python_layout(value):
    return json.dumps(value, indent=2, ensure_ascii=False)


def run(transcript_py, path, save_as=None):
    command = [sys.executable, transcript_py] + ([u"--save-as", save_as] if save_as else []) + [path]
    return subprocess.run(command, check=True, stdout=subprocess.PIPE,
                          env=dict(os.environ, PYTHONIOENCODING=u"utf-8")).stdout


def main():
    transcript_py = os.path.join(find_reference(sys.argv), u"transcript.py")
    out = os.path.join(HERE, u"shapes")
    os.makedirs(out, exist_ok=True)
    for name, messages in sorted(SHAPES.items()):
        path = os.path.join(out, name + u".json")
        with open(path, u"w", encoding=u"utf-8", newline=u"") as f:
            f.write(python_layout(messages))
        saved = os.path.join(out, name + u".saved.json")
        transcript = run(transcript_py, path, save_as=saved)
        with open(os.path.join(out, name + u".txt"), u"wb") as f:
            f.write(transcript)
        if run(transcript_py, saved) != transcript:
            sys.exit(u"%s: the saved file does not load back to the same transcript" % name)
    print(u"%d shapes written to %s" % (len(SHAPES), out))


if __name__ == u"__main__":
    main()
