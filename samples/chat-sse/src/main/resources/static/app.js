'use strict';

// The chat page: streams each reply as it arrives, keeps the conversation across reloads
// (its id in localStorage, its history from the server), and says what went wrong in plain
// words. Model output is only ever set with textContent, never parsed as HTML.
(() => {
	const STORAGE_KEY = 'chat-sse.conversation';

	const byId = (id) => document.getElementById(id);
	const messagesEl = byId('messages');
	const emptyEl = byId('empty');
	const form = byId('composer');
	const input = byId('message');
	const sendButton = byId('send');
	const stopButton = byId('stop');
	const newChatButton = byId('new-chat');
	const statusEl = byId('status');
	const errorEl = byId('error');
	const modelEl = byId('model');
	const bannerEl = byId('demo-banner');

	let conversationId = null;
	// the AbortController of the reply being streamed, null when idle
	let streaming = null;
	// the send() in progress, to wait for when starting a new chat
	let sending = Promise.resolve();

	class ApiError extends Error {
		constructor(status, message) {
			super(message);
			this.status = status;
		}
	}

	// ---- talking to the server ----

	async function api(path, options = {}) {
		let response;
		try {
			response = await fetch(path, options);
		}
		catch (failure) {
			if (failure.name === 'AbortError') {
				throw failure;
			}
			throw new ApiError(0, 'Cannot reach the server. Check your connection, then try again.');
		}
		if (!response.ok) {
			throw await apiError(response);
		}
		return response;
	}

	async function apiError(response) {
		let message = null;
		try {
			message = (await response.json()).message;
		}
		catch (ignored) {
			// not our JSON error: the status says enough
		}
		return new ApiError(response.status, inPlainWords(response.status, message));
	}

	function inPlainWords(status, message) {
		switch (status) {
			case 409:
				return 'A reply is still being written. Wait for it to finish, or press Stop.';
			case 413:
				return message || 'That message is too long.';
			case 404:
				return 'This conversation no longer exists on the server.';
			case 400:
				return message || 'The server could not read that message.';
			default:
				if (status >= 500) {
					return 'The server had a problem (HTTP ' + status + '). Try again in a moment.';
				}
				return message || 'The request failed (HTTP ' + status + ').';
		}
	}

	function conversationPath(suffix) {
		return '/api/conversations/' + encodeURIComponent(conversationId) + (suffix || '');
	}

	// Reads a text/event-stream body and calls onEvent(name, data) for each event.
	// EventSource cannot POST, so the response of fetch is parsed here.
	async function readEvents(body, onEvent) {
		const reader = body.pipeThrough(new TextDecoderStream()).getReader();
		let buffer = '';
		let name = '';
		let data = [];
		const line = (text) => {
			if (text === '') {
				if (data.length > 0) {
					onEvent(name || 'message', data.join('\n'));
				}
				name = '';
				data = [];
				return;
			}
			if (text.startsWith(':')) {
				return;
			}
			const colon = text.indexOf(':');
			const field = (colon === -1) ? text : text.slice(0, colon);
			let value = (colon === -1) ? '' : text.slice(colon + 1);
			if (value.startsWith(' ')) {
				value = value.slice(1);
			}
			if (field === 'event') {
				name = value;
			}
			else if (field === 'data') {
				data.push(value);
			}
		};
		for (;;) {
			const { value, done } = await reader.read();
			if (done) {
				return;
			}
			buffer += value;
			let start = 0;
			for (let i = 0; i < buffer.length; i++) {
				const c = buffer[i];
				if (c !== '\n' && c !== '\r') {
					continue;
				}
				if (c === '\r' && i + 1 === buffer.length) {
					break; // maybe the first half of \r\n: wait for the next piece
				}
				line(buffer.slice(start, i));
				if (c === '\r' && buffer[i + 1] === '\n') {
					i++;
				}
				start = i + 1;
			}
			buffer = buffer.slice(start);
		}
	}

	// ---- showing messages ----

	function addMessage(role, text) {
		const item = document.createElement('li');
		item.className = 'message ' + role;
		const who = document.createElement('span');
		who.className = 'who';
		who.textContent = { user: 'You', assistant: 'Assistant', system: 'Instructions' }[role];
		const textEl = document.createElement('div');
		textEl.className = 'text';
		textEl.textContent = text;
		item.append(who, textEl);
		messagesEl.append(item);
		emptyEl.hidden = true;
		scrollToEnd();
		return {
			item,
			append(piece) {
				textEl.append(document.createTextNode(piece));
				scrollToEnd();
			},
			hasText() {
				return textEl.textContent.length > 0;
			},
			note(words) {
				const note = document.createElement('p');
				note.className = 'note';
				note.textContent = words;
				item.append(note);
			},
			remove() {
				item.remove();
				emptyEl.hidden = messagesEl.children.length > 0;
			},
		};
	}

	function scrollToEnd() {
		window.scrollTo(0, document.body.scrollHeight);
	}

	function textOf(content) {
		if (typeof content === 'string') {
			return content;
		}
		if (Array.isArray(content)) {
			return content.map((part) => (part.type === 'text') ? part.text : '[' + part.type + ']').join('\n');
		}
		return '';
	}

	const INCOMPLETE = {
		cancelled: 'Stopped before the end.',
		error: 'Interrupted by an error.',
		timeout: 'Interrupted: the model took too long.',
	};

	function showHistory(history) {
		messagesEl.replaceChildren();
		for (const message of history) {
			if (message.role === 'user') {
				addMessage('user', textOf(message.content));
			}
			else if (message.role === 'assistant') {
				const reply = addMessage('assistant', textOf(message.content) || message.refusal || '');
				reply.item.dataset.state = 'done';
				if (message.incomplete) {
					reply.note(INCOMPLETE[message.incomplete.reason] || 'Incomplete.');
				}
			}
			else if (message.role === 'system' || message.role === 'developer') {
				addMessage('system', textOf(message.content));
			}
		}
		emptyEl.hidden = messagesEl.children.length > 0;
	}

	function showError(message) {
		errorEl.textContent = message;
		errorEl.hidden = false;
	}

	function clearError() {
		errorEl.textContent = '';
		errorEl.hidden = true;
	}

	function setStreaming(controller) {
		streaming = controller;
		sendButton.disabled = controller !== null;
		stopButton.hidden = controller === null;
		messagesEl.setAttribute('aria-busy', String(controller !== null));
		if (controller === null && document.activeElement === stopButton) {
			input.focus();
		}
	}

	// ---- conversations ----

	async function newConversation() {
		const response = await api('/api/conversations', { method: 'POST' });
		conversationId = (await response.json()).id;
		localStorage.setItem(STORAGE_KEY, conversationId);
		messagesEl.replaceChildren();
		emptyEl.hidden = false;
	}

	// Shows the stored conversation; false if the server no longer has it.
	async function resume(id) {
		conversationId = id;
		try {
			const response = await api(conversationPath('/messages'));
			showHistory(await response.json());
			return true;
		}
		catch (failure) {
			if (failure.status === 404) {
				return false;
			}
			showError(failure.message);
			return true;
		}
	}

	async function loadInfo() {
		try {
			const info = await (await api('/api/info')).json();
			modelEl.textContent = 'Model: ' + (info.model || 'default') + (info.demo ? ' (offline demo)' : '');
			bannerEl.hidden = !info.demo;
		}
		catch (failure) {
			modelEl.textContent = '';
		}
	}

	// ---- sending ----

	async function send() {
		const text = input.value;
		if (streaming !== null || text.trim() === '') {
			return;
		}
		clearError();
		statusEl.textContent = '';
		const question = addMessage('user', text);
		const reply = addMessage('assistant', '');
		reply.item.dataset.state = 'waiting';
		input.value = '';
		const controller = new AbortController();
		setStreaming(controller);
		let ended = false;
		let started = false;
		// the turn failed before any reply: the server kept nothing, so neither does the page
		const takeBack = (message) => {
			question.remove();
			reply.remove();
			if (input.value === '') {
				input.value = text;
			}
			if (message) {
				showError(message);
			}
		};
		try {
			const response = await api(conversationPath('/messages'), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
				body: JSON.stringify({ content: text }),
				signal: controller.signal,
			});
			started = true;
			reply.item.dataset.state = 'streaming';
			await readEvents(response.body, (name, data) => {
				const event = JSON.parse(data);
				if (name === 'delta') {
					reply.append(event.text);
				}
				else if (name === 'done') {
					ended = true;
					reply.item.dataset.state = 'done';
					if (event.finishReason === 'length') {
						reply.note('Cut off: the reply reached its length limit.');
					}
					else if (event.finishReason === 'content_filter') {
						reply.note('Cut off by the provider\u2019s content filter.');
					}
					statusEl.textContent = 'Reply complete.';
				}
				else if (name === 'error') {
					ended = true;
					if (reply.hasText()) {
						reply.item.dataset.state = 'error';
						reply.note('Interrupted by an error.');
						showError(event.message);
					}
					else {
						takeBack(event.message);
					}
				}
			});
			if (!ended) {
				reply.item.dataset.state = 'error';
				showError('The connection was lost before the reply was complete. Reload the page to see what the '
					+ 'conversation kept.');
			}
		}
		catch (failure) {
			if (failure.name === 'AbortError') {
				if (reply.hasText()) {
					reply.item.dataset.state = 'stopped';
					reply.note('Stopped.');
					statusEl.textContent = 'Stopped. The part written so far is kept.';
				}
				else {
					takeBack(null);
					statusEl.textContent = 'Stopped before the reply started: your message was not sent.';
				}
			}
			else if (!started && failure.status === 404) {
				takeBack(null);
				await newConversation().catch(() => undefined);
				showError('This conversation no longer exists on the server (it may have restarted). A new '
					+ 'conversation was started: send your message again.');
			}
			else if (!started) {
				takeBack(failure.message);
			}
			else {
				reply.item.dataset.state = 'error';
				showError('The connection was lost before the reply was complete. Reload the page to see what the '
					+ 'conversation kept.');
			}
		}
		finally {
			setStreaming(null);
		}
	}

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		sending = send();
	});

	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
			event.preventDefault();
			form.requestSubmit();
		}
	});

	stopButton.addEventListener('click', () => {
		if (streaming !== null) {
			streaming.abort();
		}
	});

	newChatButton.addEventListener('click', async () => {
		if (streaming !== null) {
			streaming.abort();
		}
		await sending;
		clearError();
		statusEl.textContent = '';
		const old = conversationId;
		try {
			await newConversation();
			statusEl.textContent = 'New conversation started.';
			input.focus();
		}
		catch (failure) {
			showError(failure.message);
			return;
		}
		if (old !== null) {
			// the old conversation is not needed any more: free it on the server
			fetch('/api/conversations/' + encodeURIComponent(old), { method: 'DELETE' }).catch(() => undefined);
		}
	});

	async function start() {
		loadInfo();
		const stored = localStorage.getItem(STORAGE_KEY);
		try {
			if (stored === null || !(await resume(stored))) {
				await newConversation();
			}
		}
		catch (failure) {
			showError(failure.message);
		}
		document.body.dataset.ready = 'true';
		input.focus();
	}

	start();
})();
