"""`m1 serve`: an OpenAI-compatible HTTP server for an M1 checkpoint (standard library only).

Endpoints: GET /v1/models, POST /v1/chat/completions and /v1/completions, with `stream: true` as
server-sent events (`data: {...}` chunks, then `data: [DONE]`). Optional API key (Bearer), request
limits (body size, prompt and max_tokens), and 4xx errors in OpenAI's shape
({"error": {"message", "type", "param", "code"}}) naming the offending field. Requests are batched
continuously: each decode step runs every request in flight together (`--max-batch`). A prefix cache
(m1/prefix_cache.py) keeps the state after recent prompts and replies, so a follow-up turn or a shared system prompt is not prefilled again; the reused count is
reported as usage.prompt_tokens_details.cached_tokens, as OpenAI does.
"""

from __future__ import annotations

import json
import queue
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch

from m1.batching import merge, split
from m1.modeling import M1Cache, M1ForCausalLM, sample_next
from m1.prefix_cache import PrefixCache
from m1.tokenizer import M1Tokenizer


class RequestError(Exception):
    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code


@dataclass
class Limits:
    max_body_bytes: int = 1 << 20
    max_prompt_tokens: int = 8192
    max_new_tokens: int = 1024


@dataclass
class GenerationRequest:
    prompt_ids: list[int]
    max_tokens: int
    temperature: float
    top_p: float
    top_k: int
    stop: list[str]
    stream: bool
    seed: int | None
    cached_tokens: int = 0  # set by the engine: prompt tokens whose state came from the prefix cache
    text: str = ""  # set by the engine: the whole reply, decoded at once (pieces of invalid UTF-8 can differ)


class Engine:
    """Continuous batching: one scheduler thread owns the model. A request is prefilled on its own
    (reusing the prefix cache), then joins the running batch, which takes one decode step for all its
    rows at a time (m1/batching.py); rows leave as they finish and new ones join between steps.
    `stream` yields a request's text pieces as they become whole."""

    def __init__(self, model: M1ForCausalLM, tokenizer: M1Tokenizer, prefix_cache_tokens: int = 65536,
                 max_batch: int = 8):
        if max_batch < 1:
            raise ValueError(f"max_batch must be at least 1, got {max_batch}")
        self.model, self.tokenizer, self.max_batch = model.eval(), tokenizer, max_batch
        self.device = next(model.parameters()).device
        self.prefix = PrefixCache(prefix_cache_tokens)
        self.pending: queue.Queue[_Row] = queue.Queue()
        self.steps = 0  # batched decode steps taken, the rows they carried and the widest batch (stats)
        self.rows_stepped = 0
        self.widest = 0
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def stream(self, request: GenerationRequest) -> Iterator[tuple[str, str | None]]:
        """(text piece, finish reason or None) pairs; the last pair carries the finish reason."""
        row = _Row(request)
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._schedule, name="m1-scheduler", daemon=True)
                self._thread.start()
        self.pending.put(row)
        try:
            while True:
                item = row.out.get()
                if isinstance(item, BaseException):
                    raise RuntimeError(f"generation failed: {item}") from item
                yield item
                if item[1] is not None:
                    return
        finally:
            if not row.done:
                row.cancelled = True  # a client that went away frees its row at the next step

    # -- the scheduler thread ----------------------------------------------------------------------
    def _schedule(self) -> None:
        running: list[_Row] = []  # rows in the batch, in batch order
        batch: M1Cache | None = None
        mask: torch.Tensor | None = None
        while True:
            joining = self._admit(block=not running, room=self.max_batch - len(running))
            try:
                with torch.no_grad():
                    joining = [row for row in joining if self._prefill(row)]
                    finished, stepping = [], []
                    for row in running + joining:
                        token = None if row.cancelled else self._next_token(row)
                        (stepping if token is not None else finished).append(row)
                    if joining or finished:  # the batch changed: take the rows out, merge the survivors again
                        kept = [r for r in finished if not r.cancelled and self.prefix.max_tokens]
                        for row in stepping + kept:
                            if row in running:  # joiners already hold their own cache
                                row.cache = split(batch, mask, running.index(row))
                        for row in kept:
                            self.prefix.store(row.request.prompt_ids + row.fed, row.cache, row.logits)
                        running = stepping
                        batch, mask = merge([r.cache for r in running]) if running else (None, None)
                        for row in running:
                            row.cache = None
                    if running:
                        tokens = torch.tensor([[r.fed[-1]] for r in running], device=self.device)
                        mask = torch.cat((mask, torch.ones_like(tokens)), dim=1)
                        logits = self.model(tokens, attention_mask=mask if batch.padded else None,
                                            cache=batch).logits[:, -1]
                        greedy = logits.argmax(dim=-1).tolist()  # one transfer for every greedy row
                        for i, row in enumerate(running):
                            row.logits, row.greedy = logits[i:i + 1], greedy[i]
                        self.steps += 1
                        self.rows_stepped += len(running)
                        self.widest = max(self.widest, len(running))
            except Exception as error:  # noqa: BLE001 - every waiting client gets the failure, the server lives
                for row in running + joining:
                    if not row.done:
                        row.out.put(error)
                running, batch, mask = [], None, None

    def _admit(self, block: bool, room: int) -> list[_Row]:
        joining = []
        while len(joining) < room:
            try:
                row = self.pending.get(block=block and not joining)
            except queue.Empty:
                break
            if not row.cancelled:
                joining.append(row)
        return joining

    def _prefill(self, row: _Row) -> bool:
        """The row's prompt through the model on its own; False (and the error sent) if that failed,
        which fails this request only."""
        request = row.request
        row.generator = torch.Generator().manual_seed(request.seed) if request.seed is not None else None
        try:
            reused, row.cache, row.logits = self.prefix.lookup(request.prompt_ids)
            request.cached_tokens = reused
            if row.logits is None:
                new = torch.tensor([request.prompt_ids[reused:]], device=self.device)
                row.logits = self.model(new, cache=row.cache).logits[:, -1]
        except Exception as error:  # noqa: BLE001 - reported to its client
            row.done = True
            row.out.put(error)
            return False
        self.prefix.store(request.prompt_ids, row.cache, row.logits)
        return True

    def _next_token(self, row: _Row) -> int | None:
        """Sample the row's next token and emit text; None when the row has finished (the token that
        finished it is not fed, so the row's state covers prompt + row.fed)."""
        request = row.request
        if request.temperature <= 0 and row.greedy is not None:
            token = row.greedy
        else:
            token = int(sample_next(row.logits.cpu(), request.temperature > 0, request.temperature, request.top_p,
                                    request.top_k, row.generator)[0])
        row.greedy = None
        if token == self.tokenizer.eos_id:
            return self._finish(row, self.tokenizer.decode(row.generated), "stop")
        row.generated.append(token)
        text = self.tokenizer.decode(row.generated)
        for stop in request.stop:
            at = text.find(stop)
            if at >= 0:
                return self._finish(row, text[:at], "stop")
        if not text.endswith("\ufffd"):  # an incomplete UTF-8 sequence waits for its bytes
            piece, row.emitted = text[len(row.emitted):], text
            if piece:
                row.out.put((piece, None))
        if len(row.generated) >= request.max_tokens:  # no need to feed a token nobody will read
            return self._finish(row, text, "length")
        row.fed.append(token)
        return token

    @staticmethod
    def _finish(row: _Row, text: str, reason: str) -> None:
        row.request.text = text
        row.done = True
        row.out.put((text[len(row.emitted):] if text.startswith(row.emitted) else "", reason))
        return None


@dataclass(eq=False)
class _Row:
    """A request's generation state in the scheduler."""
    request: GenerationRequest
    out: queue.Queue = field(default_factory=queue.Queue)  # (piece, reason) pairs or an exception
    generated: list[int] = field(default_factory=list)  # sampled tokens
    fed: list[int] = field(default_factory=list)  # the sampled tokens fed back to the model
    emitted: str = ""
    cache: M1Cache | None = None  # its own cache while outside the batch
    logits: torch.Tensor | None = None
    greedy: int | None = None  # argmax of logits, when the batch step computed it
    generator: torch.Generator | None = None
    done: bool = False  # finished (set before its last piece is sent)
    cancelled: bool = False  # its client stopped reading first


def _number(body: dict, name: str, default, low, high, kind=float):
    value = body.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise RequestError(400, f"'{name}' must be {'an integer' if kind is int else 'a number'}", name)
    if not low <= value <= high:
        raise RequestError(400, f"'{name}' must be between {low} and {high}", name)
    return kind(value)


class Server:
    def __init__(self, model: M1ForCausalLM, tokenizer: M1Tokenizer, model_name: str = "m1",
                 api_key: str | None = None, limits: Limits | None = None, prefix_cache_tokens: int = 65536,
                 max_batch: int = 8):
        self.engine = Engine(model, tokenizer, prefix_cache_tokens, max_batch)
        self.tokenizer, self.model_name, self.api_key = tokenizer, model_name, api_key
        self.limits = limits or Limits()

    def parse(self, body: dict, chat: bool) -> GenerationRequest:
        if body.get("model") not in (None, self.model_name):
            raise RequestError(404, f"model '{body.get('model')}' does not exist; this server has '{self.model_name}'",
                               "model", "model_not_found")
        if chat:
            messages = body.get("messages")
            if not isinstance(messages, list) or not messages:
                raise RequestError(400, "'messages' must be a non-empty list", "messages")
            for i, m in enumerate(messages):
                if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant") \
                        or not isinstance(m.get("content"), str):
                    raise RequestError(400, f"messages[{i}] needs role system|user|assistant and string content",
                                       f"messages[{i}]")
            prompt = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True)
        else:
            prompt = body.get("prompt")
            if not isinstance(prompt, str):
                raise RequestError(400, "'prompt' must be a string", "prompt")
        prompt_ids = self.tokenizer.encode(prompt)
        if not prompt_ids:
            raise RequestError(400, "the prompt is empty", "prompt")
        if len(prompt_ids) > self.limits.max_prompt_tokens:
            raise RequestError(400, f"the prompt has {len(prompt_ids)} tokens; the limit is "
                               f"{self.limits.max_prompt_tokens}", "messages" if chat else "prompt")
        if _number(body, "n", 1, 1, 1, int) != 1:
            raise RequestError(400, "only n=1 is supported", "n")
        stop = body.get("stop") or []
        stop = [stop] if isinstance(stop, str) else stop
        if not isinstance(stop, list) or not all(isinstance(s, str) and s for s in stop) or len(stop) > 4:
            raise RequestError(400, "'stop' must be a string or a list of up to 4 strings", "stop")
        stream = body.get("stream", False)
        if not isinstance(stream, bool):
            raise RequestError(400, "'stream' must be a boolean", "stream")
        return GenerationRequest(
            prompt_ids=prompt_ids,
            max_tokens=_number(body, "max_tokens", min(256, self.limits.max_new_tokens), 1,
                               self.limits.max_new_tokens, int),
            temperature=_number(body, "temperature", 1.0, 0.0, 2.0),
            top_p=_number(body, "top_p", 1.0, 1e-6, 1.0),
            top_k=_number(body, "top_k", 0, 0, 1 << 20, int),
            stop=stop, stream=stream, seed=_number(body, "seed", None, 0, 2**63 - 1, int))

    def make_handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send_json(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _error(self, error: RequestError) -> None:
                kind = {401: "authentication_error", 404: "not_found_error"}.get(error.status, "invalid_request_error")
                self._send_json(error.status, {"error": {"message": error.message, "type": kind,
                                                         "param": error.param, "code": error.code}})

            def _authorise(self) -> None:
                if server.api_key and self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    raise RequestError(401, "invalid or missing API key", code="invalid_api_key")

            def do_GET(self):  # noqa: N802 - http.server's name
                try:
                    self._authorise()
                    if self.path.rstrip("/") != "/v1/models":
                        raise RequestError(404, f"no route GET {self.path}")
                    self._send_json(200, {"object": "list", "data": [
                        {"id": server.model_name, "object": "model", "created": 0, "owned_by": "medcurate"}]})
                except RequestError as error:
                    self._error(error)

            def do_POST(self):  # noqa: N802
                try:
                    # The body is read (or the connection closed) before anything can fail: a body left
                    # unread on a keep-alive connection would be parsed as the client's next request.
                    length = int(self.headers.get("Content-Length") or 0)
                    if length > server.limits.max_body_bytes:
                        self.close_connection = True
                        raise RequestError(413, f"request body of {length} bytes exceeds {server.limits.max_body_bytes}")
                    raw = self.rfile.read(length)
                    self._authorise()
                    chat = self.path.rstrip("/") == "/v1/chat/completions"
                    if not chat and self.path.rstrip("/") != "/v1/completions":
                        raise RequestError(404, f"no route POST {self.path}")
                    try:
                        body = json.loads(raw or b"null")
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        raise RequestError(400, "the request body is not valid JSON") from None
                    if not isinstance(body, dict):
                        raise RequestError(400, "the request body must be a JSON object")
                    request = server.parse(body, chat)
                except RequestError as error:
                    self._error(error)
                    return
                if request.stream:
                    self._stream(request, chat)
                else:
                    self._complete(request, chat)

            def _complete(self, request: GenerationRequest, chat: bool) -> None:
                finish = "length"
                try:
                    for _, reason in server.engine.stream(request):
                        finish = reason or finish
                except RuntimeError as error:  # the model failed (out of memory, say): 500, server lives on
                    self._send_json(500, {"error": {"message": str(error), "type": "server_error", "param": None,
                                                    "code": None}})
                    return
                text = request.text
                completion_tokens = len(server.tokenizer.encode(text)) if text else 0
                choice = ({"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}
                          if chat else {"index": 0, "text": text, "finish_reason": finish, "logprobs": None})
                self._send_json(200, {
                    "id": f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex}",
                    "object": "chat.completion" if chat else "text_completion", "created": int(time.time()),
                    "model": server.model_name, "choices": [choice],
                    "usage": {"prompt_tokens": len(request.prompt_ids), "completion_tokens": completion_tokens,
                              "total_tokens": len(request.prompt_ids) + completion_tokens,
                              "prompt_tokens_details": {"cached_tokens": request.cached_tokens}}})

            def _chunk(self, data: str) -> None:
                raw = f"data: {data}\n\n".encode()
                self.wfile.write(f"{len(raw):X}\r\n".encode() + raw + b"\r\n")
                self.wfile.flush()

            def _stream(self, request: GenerationRequest, chat: bool) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                ident, created = f"{'chatcmpl' if chat else 'cmpl'}-{uuid.uuid4().hex}", int(time.time())

                def event(delta: str | None, finish: str | None, first: bool = False) -> str:
                    if chat:
                        piece = {"role": "assistant", "content": ""} if first else ({"content": delta} if delta else {})
                        choice = {"index": 0, "delta": piece, "finish_reason": finish}
                        kind = "chat.completion.chunk"
                    else:
                        choice = {"index": 0, "text": delta or "", "finish_reason": finish, "logprobs": None}
                        kind = "text_completion"
                    return json.dumps({"id": ident, "object": kind, "created": created, "model": server.model_name,
                                       "choices": [choice]}, ensure_ascii=False)

                if chat:
                    self._chunk(event(None, None, first=True))
                try:
                    for piece, reason in server.engine.stream(request):
                        if piece:
                            self._chunk(event(piece, None))
                        if reason:
                            self._chunk(event(None, reason))
                except RuntimeError as error:  # headers are sent: the failure goes in the stream, as OpenAI does
                    self._chunk(json.dumps({"error": {"message": str(error), "type": "server_error"}}))
                self._chunk("[DONE]")
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        return Handler

    def http_server(self, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
        return ThreadingHTTPServer((host, port), self.make_handler())
