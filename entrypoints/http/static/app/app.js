// The page for people trying the service: sign in, create an avatar from measurements or from
// a front and a side photo, watch its stages over the WebSocket (/api/v1/ws), then see the
// body in the viewer with its measurements, confidences, body analysis and downloads.
// No build step and no CDN: a plain ES module. <body data-state> says where the page is
// (signed-out, ready, processing, completed, failed), for people and for the browser test.

import { chooseModel, renderBody } from './body.js';

const LABELS = {
  height: 'Height', weight: 'Weight', chest: 'Chest', waist: 'Waist', hips: 'Hips',
  shoulderWidth: 'Shoulder width', armLength: 'Arm length', inseam: 'Inseam',
  neckCircumference: 'Neck', bicep: 'Bicep', forearm: 'Forearm', thigh: 'Thigh',
  calf: 'Calf', wrist: 'Wrist', ankle: 'Ankle',
};
const $ = (selector) => document.querySelector(selector);
let bearer = sessionStorage.getItem('avatar-token');

function setState(state) { document.body.dataset.state = state; }

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}), Authorization: `Bearer ${bearer}` };
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response;
}

// -- 1. sign in ------------------------------------------------------------------------------
function signedIn(token) {
  bearer = token;
  sessionStorage.setItem('avatar-token', token);  // the viewer reads it too
  let user = '';
  try { user = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub; } catch { /* opaque */ }
  $('#who').textContent = `Signed in${user ? ` as ${user}` : ''}.`;
  $('#create').hidden = false;
  setState('ready');
}

$('#dev-sign-in').addEventListener('click', async () => {
  const userId = localStorage.getItem('avatar-dev-user') || undefined;
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(userId ? { userId } : {}),
  });
  if (!response.ok) {
    $('#who').textContent = 'Development tokens are given by the embedded profile only: paste a token.';
    return;
  }
  const answer = await response.json();
  localStorage.setItem('avatar-dev-user', answer.userId);
  signedIn(answer.token);
});

$('#token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  signedIn($('#token').value.trim());
});

// -- 2. create -------------------------------------------------------------------------------
for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('[role=tab]')) {
      other.setAttribute('aria-selected', String(other === tab));
    }
    for (const panel of document.querySelectorAll('[data-panel]')) {
      panel.hidden = panel.dataset.panel !== tab.dataset.tab;
    }
  });
}

async function create(request) {
  $('#create-error').textContent = '';
  try {
    const avatar = await (await api('/api/v1/avatars', request)).json();
    watch(avatar);
  } catch (error) {
    $('#create-error').textContent = error.message;
  }
}

$('#measurements-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const measurements = { unit: 'metric' };
  for (const name of ['height', 'weight', 'chest', 'waist', 'hips']) {
    if (form.get(name)) measurements[name] = Number(form.get(name));
  }
  const body = { name: form.get('name'), avatarType: 'measurement_based', measurements };
  if (form.get('gender')) body.gender = form.get('gender');
  create({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
});

$('#photos-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  form.set('avatarType', 'photo_based');
  for (const name of ['heightCm', 'gender']) if (!form.get(name)) form.delete(name);
  create({ method: 'POST', body: form });
});

// -- 3. watch --------------------------------------------------------------------------------
function showStage(stage, progress, message) {
  $('#bar').value = progress;
  $('#stage-message').textContent = `${message} (${progress}%)`;
  const stages = $('#stages');
  if (stages.lastElementChild?.dataset.stage !== stage) {
    const item = document.createElement('li');
    item.dataset.stage = stage;
    item.textContent = stage.replace(/_/g, ' ');
    stages.appendChild(item);
  }
}

function watch(avatar) {
  $('#progress').hidden = false;
  $('#result').hidden = true;
  $('#stages').replaceChildren();
  setState('processing');
  if (avatar.processing) showStage(avatar.processing.stage, avatar.processing.progress, avatar.processing.message);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1/ws`, ['avatar-events.v1', `bearer.${bearer}`]);
  let finished = false;
  socket.addEventListener('message', async (event) => {
    const frame = JSON.parse(event.data);
    if (frame.type === 'ready') {
      socket.send(JSON.stringify({ type: 'subscribe', avatarId: avatar.id }));
    } else if (frame.type === 'subscribed') {
      if (frame.status === 'completed' || frame.status === 'failed') {
        finished = true;
        socket.close();
        const current = await (await api(`/api/v1/avatars/${avatar.id}`)).json();
        frame.status === 'completed' ? show(current) : failed(current.processingError, false);
      } else if (frame.processing) {
        showStage(frame.processing.stage, frame.processing.progress, frame.processing.message);
      }
    } else if (frame.type === 'avatar:processing') {
      showStage(frame.data.stage, frame.data.progress, frame.data.message);
    } else if (frame.type === 'avatar:completed') {
      finished = true;
      socket.close();
      showStage('completed', 100, `Done in ${frame.data.processingTime?.toFixed(1)} s`);
      show(frame.data.avatar);
    } else if (frame.type === 'avatar:failed') {
      finished = true;
      socket.close();
      failed(frame.data.error, frame.data.retryable);
    } else if (frame.type === 'resync') {
      socket.send(JSON.stringify({ type: 'subscribe', avatarId: avatar.id }));
    } else if (frame.type === 'error') {
      $('#stage-message').textContent = frame.message;
    }
  });
  socket.addEventListener('close', () => { if (!finished && avatar.jobId) poll(avatar); });
}

async function poll(avatar) {  // the socket went away: the job polling of REST clients
  for (;;) {
    const job = await (await api(`/api/v1/jobs/${avatar.jobId}`)).json();
    if (job.status === 'completed') return show(await (await api(`/api/v1/avatars/${avatar.id}`)).json());
    if (job.status === 'failed') return failed(job.error, job.retryable);
    if (job.stage) showStage(job.stage, job.progressPercent, job.stage.replace(/_/g, ' '));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function failed(error, retryable) {
  $('#stage-message').textContent = `Failed: ${error}${retryable ? ' (you may try again)' : ''}`;
  $('#stage-message').classList.add('error');
  setState('failed');
}

// -- 4. the result ---------------------------------------------------------------------------
function show(avatar) {
  $('#result').hidden = false;
  $('#viewer-link').href = `/viewer/${avatar.id}#token=${encodeURIComponent(bearer)}`;
  drawBody(avatar);
  const rows = $('#measurements tbody');
  rows.replaceChildren();
  const profile = avatar.measurements || {};
  const imperial = profile.unit === 'imperial';
  for (const [key, label] of Object.entries(LABELS)) {
    if (profile[key] === null || profile[key] === undefined) continue;
    const unit = key === 'weight' ? (imperial ? 'lb' : 'kg') : (imperial ? 'in' : 'cm');
    const row = rows.insertRow();
    row.insertCell().textContent = label + ((profile.estimated || []).includes(key) ? ' (estimated)' : '');
    row.insertCell().textContent = `${Number(profile[key]).toFixed(1)} ${unit}`;
    const confidence = (profile.confidenceScores || {})[key];
    row.insertCell().textContent = confidence === undefined ? '' : `${Math.round(confidence * 100)}%`;
  }
  const analysis = avatar.bodyAnalysis;
  const facts = $('#analysis');
  facts.replaceChildren();
  if (analysis) {
    const add = (term, value) => {
      if (value === null || value === undefined) return;
      facts.append(Object.assign(document.createElement('dt'), { textContent: term }));
      facts.append(Object.assign(document.createElement('dd'), { textContent: value }));
    };
    add('Body type', `${analysis.bodyType} (${Math.round(analysis.confidence * 100)}%)`);
    add('Shoulder to hip', analysis.proportions?.shoulderToHipRatio?.toFixed(2));
    add('Waist to hip', analysis.proportions?.waistToHipRatio?.toFixed(2));
    add('Waist to height', analysis.proportions?.waistToHeightRatio?.toFixed(2));
  }
  const downloads = $('#downloads');
  downloads.replaceChildren();
  for (const model of avatar.models || []) {
    const link = Object.assign(document.createElement('a'), {
      href: '#', textContent: `${model.format.toUpperCase()} ${model.lodLevel} (${Math.round(model.fileSize / 1024)} KB)`,
    });
    link.addEventListener('click', async (event) => {  // the download needs the token
      event.preventDefault();
      const blob = await (await api(model.downloadUrl)).blob();
      const save = Object.assign(document.createElement('a'), {
        href: URL.createObjectURL(blob), download: `avatar-${model.lodLevel}.${model.format === 'obj' ? 'zip' : model.format}`,
      });
      save.click();
      URL.revokeObjectURL(save.href);
    });
    downloads.appendChild(Object.assign(document.createElement('li'), {})).appendChild(link);
  }
  setState('completed');
}

async function drawBody(avatar) {
  const model = chooseModel(avatar);
  const state = $('#body-state');
  if (!model) {
    state.textContent = 'No 3D model yet.';
    document.body.dataset.body = 'no-model';
    return;
  }
  try {
    const bytes = await (await api(model.downloadUrl)).arrayBuffer();
    await renderBody($('#body'), bytes);
    state.textContent = `${model.lodLevel} GLB, ${model.faceCount.toLocaleString()} triangles`;
    document.body.dataset.body = 'rendered';
  } catch (error) {
    state.textContent = `The body could not be drawn: ${error.message}`;
    document.body.dataset.body = 'error';
  }
}

if (bearer) signedIn(bearer);
