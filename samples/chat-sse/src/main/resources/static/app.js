'use strict';

// The chat page: streams each reply as it arrives, keeps the conversation across reloads
// (its id in localStorage, its history from the server), lists past chats, regenerates or
// edits the last turn, and says what went wrong in plain words. Replies are rendered as
// Markdown by marked, with any HTML in them escaped, then sanitised by DOMPurify; without
// those libraries they are shown as plain text. Everything else is set with textContent.
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
	const chatsEl = byId('chats');
	const noChatsEl = byId('no-chats');
	const pickerEl = byId('connection-picker');
	const connectionEl = byId('connection');
	const downloadEl = byId('download');
	const regenerateButton = byId('regenerate');
	const editButton = byId('edit-last');
	const cancelEditButton = byId('cancel-edit');

	let conversationId = null;
	// the connection of the conversation shown, and every configured one ({name, model})
	let connection = null;
	let connections = [];
	// whether the next send replaces the last user message
	let editing = false;
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
			message = (await response.json()).detail;
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
			case 503:
				// the server holds as many chats as it may keep: it says what to do
				return message || 'The server cannot keep another chat now. Try again later.';
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

	// ---- Markdown ----

	const markdown = (typeof window.marked === 'object' && typeof window.DOMPurify === 'function');

	function escapeHtml(text) {
		return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]);
	}

	if (markdown) {
		// HTML written by the model is shown as text, never as markup
		window.marked.use({ gfm: true, renderer: { html: (token) => escapeHtml(token.text) } });
	}

	function render(textEl, raw) {
		if (markdown) {
			textEl.innerHTML = window.DOMPurify.sanitize(window.marked.parse(raw));
		}
		else {
			textEl.textContent = raw;
		}
	}

	// ---- showing messages ----

	const TOOL_WORDS = { running: 'running\u2026', done: 'done', failed: 'failed' };

	function addMessage(role, text) {
		const item = document.createElement('li');
		item.className = 'message ' + role;
		const who = document.createElement('span');
		who.className = 'who';
		who.textContent = { user: 'You', assistant: 'Assistant', system: 'Instructions' }[role];
		const tools = document.createElement('div');
		tools.className = 'tools';
		const textEl = document.createElement('div');
		textEl.className = (role === 'assistant') ? 'text markdown' : 'text';
		let raw = text;
		const show = () => (role === 'assistant') ? render(textEl, raw) : (textEl.textContent = raw);
		show();
		item.append(who, tools, textEl);
		messagesEl.append(item);
		emptyEl.hidden = true;
		scrollToEnd();
		return {
			item,
			append(piece) {
				raw += piece;
				show();
				scrollToEnd();
			},
			hasText() {
				return raw.length > 0;
			},
			// shows a tool call as one collapsible line, or updates it
			tool(call) {
				let line = Array.from(tools.children).find((each) => each.dataset.callId === call.id);
				if (!line) {
					line = document.createElement('details');
					line.className = 'tool';
					line.dataset.callId = call.id;
					line.dataset.name = call.name || 'tool';
					line.append(document.createElement('summary'));
					const args = document.createElement('pre');
					args.className = 'tool-arguments';
					args.textContent = 'Arguments: ' + (call.arguments || '{}');
					line.append(args);
					tools.append(line);
				}
				line.dataset.status = call.status;
				line.querySelector('summary').textContent = 'Tool ' + line.dataset.name + ': ' + TOOL_WORDS[call.status];
				if (call.result !== undefined && call.result !== null) {
					let result = line.querySelector('.tool-result');
					if (!result) {
						result = document.createElement('pre');
						result.className = 'tool-result';
						line.append(result);
					}
					result.textContent = 'Result: ' + call.result;
				}
				scrollToEnd();
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

	// The assistant messages and tool results after a user message show as one reply.
	function showHistory(history) {
		messagesEl.replaceChildren();
		let reply = null;
		for (const message of history) {
			if (message.role === 'user') {
				addMessage('user', textOf(message.content));
				reply = null;
			}
			else if (message.role === 'assistant') {
				reply = reply || addMessage('assistant', '');
				reply.item.dataset.state = 'done';
				for (const call of message.tool_calls || []) {
					const fn = call.function || {};
					reply.tool({ id: call.id, name: fn.name, arguments: fn.arguments, status: 'running' });
				}
				const text = textOf(message.content) || message.refusal || '';
				if (text !== '') {
					reply.append(reply.hasText() ? '\n\n' + text : text);
				}
				if (message.incomplete) {
					reply.note(INCOMPLETE[message.incomplete.reason] || 'Incomplete.');
				}
			}
			else if (message.role === 'tool' && reply !== null) {
				reply.tool({ id: message.tool_call_id, status: 'done', result: textOf(message.content) });
			}
			else if (message.role === 'system' || message.role === 'developer') {
				addMessage('system', textOf(message.content));
			}
		}
		emptyEl.hidden = messagesEl.children.length > 0;
		updateTurnActions();
	}

	function showError(message) {
		errorEl.textContent = message;
		errorEl.hidden = false;
	}

	function clearError() {
		errorEl.textContent = '';
		errorEl.hidden = true;
	}

	function lastUserItem() {
		const users = messagesEl.querySelectorAll('li.user');
		return (users.length > 0) ? users[users.length - 1] : null;
	}

	// removes the last user message's reply from the page, and the message too if asked
	function removeLastTurn(withQuestion) {
		const question = lastUserItem();
		while (question !== null && question.nextElementSibling !== null) {
			question.nextElementSibling.remove();
		}
		if (withQuestion && question !== null) {
			question.remove();
		}
	}

	function updateTurnActions() {
		const idle = streaming === null;
		const hasTurn = lastUserItem() !== null;
		regenerateButton.hidden = !(idle && hasTurn) || editing;
		editButton.hidden = !(idle && hasTurn) || editing;
		cancelEditButton.hidden = !editing;
	}

	function setStreaming(controller) {
		streaming = controller;
		sendButton.disabled = controller !== null;
		stopButton.hidden = controller === null;
		messagesEl.setAttribute('aria-busy', String(controller !== null));
		updateTurnActions();
		if (controller === null && (document.activeElement === stopButton || document.activeElement === document.body)) {
			input.focus();
		}
	}

	function setEditing(on) {
		editing = on;
		sendButton.textContent = on ? 'Replace' : 'Send';
		updateTurnActions();
	}

	// ---- conversations ----

	function showConversation(id, name) {
		conversationId = id;
		connection = name;
		localStorage.setItem(STORAGE_KEY, id);
		downloadEl.href = conversationPath('/transcript?download=true');
		downloadEl.hidden = false;
		showModel();
		setEditing(false);
		for (const item of chatsEl.querySelectorAll('button.chat-link')) {
			if (item.dataset.id === id) {
				item.setAttribute('aria-current', 'page');
			}
			else {
				item.removeAttribute('aria-current');
			}
		}
	}

	async function newConversation() {
		const chosen = connections.length > 1 ? connectionEl.value : null;
		const response = await api('/api/conversations', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(chosen ? { connection: chosen } : {}),
		});
		showConversation((await response.json()).id, chosen || defaultConnection());
		messagesEl.replaceChildren();
		emptyEl.hidden = false;
		updateTurnActions();
	}

	// Shows a stored conversation; false if the server no longer has it.
	async function resume(id, name) {
		showConversation(id, name || connection || defaultConnection());
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

	function defaultConnection() {
		return (connections.length > 0) ? connections[0].name : null;
	}

	function showModel() {
		const shown = connections.find((each) => each.name === connection) || connections[0];
		if (shown) {
			modelEl.textContent = 'Model: ' + (shown.model || 'default') + (loadInfo.demo ? ' (offline demo)' : '');
		}
		if (connection !== null && connections.some((each) => each.name === connection)) {
			connectionEl.value = connection;
		}
	}

	async function loadInfo() {
		try {
			const info = await (await api('/api/info')).json();
			loadInfo.demo = info.demo;
			connections = info.connections || [{ name: 'default', model: info.model }];
			connectionEl.replaceChildren(...connections.map((each) => {
				const option = document.createElement('option');
				option.value = each.name;
				option.textContent = each.name + (each.model ? ' (' + each.model + ')' : '');
				return option;
			}));
			pickerEl.hidden = connections.length < 2;
			bannerEl.hidden = !info.demo;
			showModel();
		}
		catch (failure) {
			modelEl.textContent = '';
		}
	}

	// Lists past chats, newest first; returns them.
	async function loadChats() {
		let chats = [];
		try {
			chats = await (await api('/api/conversations')).json();
		}
		catch (failure) {
			return chats;
		}
		chatsEl.replaceChildren(...chats.map((chat) => {
			const item = document.createElement('li');
			const button = document.createElement('button');
			button.type = 'button';
			button.className = 'chat-link';
			button.dataset.id = chat.id;
			button.dataset.connection = chat.connection;
			button.textContent = chat.title;
			const time = document.createElement('time');
			time.dateTime = chat.updated;
			time.textContent = new Date(chat.updated).toLocaleString();
			button.append(time);
			if (chat.id === conversationId) {
				button.setAttribute('aria-current', 'page');
			}
			item.append(button);
			return item;
		}));
		noChatsEl.hidden = chats.length > 0;
		return chats;
	}

	async function stopAndWait() {
		if (streaming !== null) {
			streaming.abort();
		}
		await sending;
		clearError();
		statusEl.textContent = '';
	}

	chatsEl.addEventListener('click', async (event) => {
		const button = event.target.closest('button.chat-link');
		if (button === null || button.dataset.id === conversationId) {
			return;
		}
		await stopAndWait();
		const previous = conversationId;
		const wasEmpty = lastUserItem() === null;
		if (!(await resume(button.dataset.id, button.dataset.connection))) {
			showError('This chat no longer exists on the server.');
		}
		statusEl.textContent = 'Chat opened.';
		if (wasEmpty && previous !== null) {
			forget(previous);
		}
		loadChats();
	});

	// an empty chat is not needed any more once another is shown: free it on the server
	function forget(id) {
		fetch('/api/conversations/' + encodeURIComponent(id), { method: 'DELETE' }).catch(() => undefined);
	}

	// ---- sending ----

	// Streams one reply into the page. kind: 'send', 'edit' or 'regenerate'.
	async function stream(kind) {
		const text = input.value;
		if (streaming !== null || (kind !== 'regenerate' && text.trim() === '')) {
			return;
		}
		clearError();
		statusEl.textContent = '';
		if (kind !== 'send') {
			removeLastTurn(kind === 'edit');
		}
		const question = (kind === 'regenerate') ? null : addMessage('user', text);
		const reply = addMessage('assistant', '');
		reply.item.dataset.state = 'waiting';
		if (kind !== 'regenerate') {
			input.value = '';
		}
		setEditing(false);
		const controller = new AbortController();
		setStreaming(controller);
		let ended = false;
		let started = false;
		let undone = Promise.resolve();
		// the turn failed before any reply: the server kept nothing new, so neither does the page
		const takeBack = async (message) => {
			if (kind === 'regenerate') {
				// the previous reply stays on the server: show it again
				await resume(conversationId, connection);
			}
			else {
				question.remove();
				reply.remove();
				if (input.value === '') {
					input.value = text;
				}
			}
			if (message) {
				showError(message);
			}
		};
		const request = {
			send: { path: '/messages', method: 'POST' },
			edit: { path: '/messages/last', method: 'PUT' },
			regenerate: { path: '/regenerate', method: 'POST' },
		}[kind];
		try {
			const response = await api(conversationPath(request.path), {
				method: request.method,
				headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
				body: (kind === 'regenerate') ? undefined : JSON.stringify({ content: text }),
				signal: controller.signal,
			});
			started = true;
			reply.item.dataset.state = 'streaming';
			await readEvents(response.body, (name, data) => {
				const event = JSON.parse(data);
				if (name === 'delta') {
					reply.append(event.text);
				}
				else if (name === 'tool') {
					reply.tool(event);
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
					if (reply.hasText() && kind !== 'regenerate') {
						reply.item.dataset.state = 'error';
						reply.note('Interrupted by an error.');
						showError(event.message);
					}
					else {
						undone = takeBack(event.message);
					}
				}
			});
			await undone;
			if (!ended) {
				reply.item.dataset.state = 'error';
				showError('The connection was lost before the reply was complete. Reload the page to see what the '
					+ 'conversation kept.');
			}
		}
		catch (failure) {
			if (failure.name === 'AbortError') {
				if (kind === 'regenerate') {
					await takeBack(null);
					statusEl.textContent = 'Stopped. The previous reply is kept.';
				}
				else if (reply.hasText()) {
					reply.item.dataset.state = 'stopped';
					reply.note('Stopped.');
					statusEl.textContent = 'Stopped. The part written so far is kept.';
				}
				else {
					await takeBack(null);
					statusEl.textContent = 'Stopped before the reply started: your message was not sent.';
				}
			}
			else if (!started && failure.status === 404) {
				await takeBack(null);
				await newConversation().catch(() => undefined);
				showError('This conversation no longer exists on the server (it may have restarted). A new '
					+ 'conversation was started: send your message again.');
			}
			else if (!started) {
				await takeBack(failure.message);
			}
			else {
				reply.item.dataset.state = 'error';
				showError('The connection was lost before the reply was complete. Reload the page to see what the '
					+ 'conversation kept.');
			}
		}
		finally {
			setStreaming(null);
			await loadChats();
		}
	}

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		sending = stream(editing ? 'edit' : 'send');
	});

	input.addEventListener('keydown', (event) => {
		if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
			event.preventDefault();
			form.requestSubmit();
		}
		else if (event.key === 'Escape' && editing) {
			cancelEdit();
		}
	});

	stopButton.addEventListener('click', () => {
		if (streaming !== null) {
			streaming.abort();
		}
	});

	regenerateButton.addEventListener('click', () => {
		sending = stream('regenerate');
	});

	editButton.addEventListener('click', () => {
		const question = lastUserItem();
		if (question === null) {
			return;
		}
		input.value = question.querySelector('.text').textContent;
		setEditing(true);
		statusEl.textContent = 'Editing your last message: Replace sends it instead, and its reply is written again.';
		input.focus();
	});

	function cancelEdit() {
		setEditing(false);
		input.value = '';
		statusEl.textContent = 'Editing cancelled.';
		input.focus();
	}

	cancelEditButton.addEventListener('click', cancelEdit);

	async function startNewChat() {
		await stopAndWait();
		const old = conversationId;
		const wasEmpty = lastUserItem() === null;
		try {
			await newConversation();
			statusEl.textContent = 'New conversation started.';
			input.focus();
		}
		catch (failure) {
			showError(failure.message);
			return;
		}
		if (old !== null && wasEmpty) {
			forget(old);
		}
		loadChats();
	}

	newChatButton.addEventListener('click', startNewChat);

	// a chat keeps its model: choosing another starts a new chat with it
	connectionEl.addEventListener('change', startNewChat);

	async function start() {
		await loadInfo();
		const chats = await loadChats();
		const stored = localStorage.getItem(STORAGE_KEY);
		const known = chats.find((chat) => chat.id === stored);
		try {
			if (stored === null || !(await resume(stored, known ? known.connection : null))) {
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
