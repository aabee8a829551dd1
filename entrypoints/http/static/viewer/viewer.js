// The avatar viewer: its GLB (Draco-compressed, skinned) in three.js, its measurements beside.
// The page is public and static; the data is fetched with the caller's bearer token, taken
// from the address's fragment (/viewer/<avatarId>#token=<jwt>, never sent to any server) or
// typed into the form. Query parameter ?lod=high|medium|low|mobile picks a level of detail.
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { DRACOLoader } from 'three/addons/loaders/DRACOLoader.js';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const LABELS = {
  height: 'Height', weight: 'Weight', chest: 'Chest', waist: 'Waist', hips: 'Hips',
  shoulderWidth: 'Shoulder width', armLength: 'Arm length', inseam: 'Inseam',
  neckCircumference: 'Neck', bicep: 'Bicep', forearm: 'Forearm', thigh: 'Thigh',
  calf: 'Calf', wrist: 'Wrist', ankle: 'Ankle',
};
const DETAIL = ['high', 'medium', 'low', 'mobile'];

const avatarId = location.pathname.split('/').filter(Boolean).pop();
const statusLine = document.getElementById('status');

function say(text, state) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', state === 'error');
  if (state) document.body.dataset.state = state;
}

function token() {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  return fromFragment || sessionStorage.getItem('avatar-token');
}

async function api(path, bearer) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${bearer}` } });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response;
}

function chooseModel(avatar) {
  const glbs = avatar.models.filter((m) => m.format === 'glb');
  const wanted = new URLSearchParams(location.search).get('lod');
  return glbs.find((m) => m.lodLevel === wanted)
    || glbs.find((m) => m.id === avatar.modelFileId)
    || glbs.sort((a, b) => DETAIL.indexOf(a.lodLevel) - DETAIL.indexOf(b.lodLevel))[0];
}

function showMeasurements(avatar) {
  const measurements = avatar.measurements;
  if (!measurements) return;
  const imperial = measurements.unit === 'imperial';
  const rows = document.querySelector('#measurements tbody');
  for (const [key, label] of Object.entries(LABELS)) {
    const value = measurements[key];
    if (value === null || value === undefined) continue;
    const unit = key === 'weight' ? (imperial ? 'lb' : 'kg') : (imperial ? 'in' : 'cm');
    const row = rows.insertRow();
    row.insertCell().textContent = label;
    row.insertCell().textContent = `${Number(value).toFixed(1)} ${unit}`;
  }
  document.getElementById('measurements').hidden = false;
}

function stage() {
  const element = document.getElementById('stage');
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(window.devicePixelRatio);
  renderer.setSize(element.clientWidth, element.clientHeight);
  renderer.setClearColor(0xeef1f5);
  element.appendChild(renderer.domElement);
  const scene = new THREE.Scene();
  scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8f99, 2.2));
  const key = new THREE.DirectionalLight(0xffffff, 2.0);
  key.position.set(1.5, 3, 2.5);
  scene.add(key);
  const camera = new THREE.PerspectiveCamera(35, element.clientWidth / element.clientHeight, 0.05, 50);
  const controls = new OrbitControls(camera, renderer.domElement);
  const render = () => renderer.render(scene, camera);
  controls.addEventListener('change', render);
  window.addEventListener('resize', () => {
    renderer.setSize(element.clientWidth, element.clientHeight);
    camera.aspect = element.clientWidth / element.clientHeight;
    camera.updateProjectionMatrix();
    render();
  });
  return { renderer, scene, camera, controls, render };
}

function frame(view, object) {
  const box = new THREE.Box3().setFromObject(object);
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  const distance = (size.y / 2) / Math.tan(THREE.MathUtils.degToRad(view.camera.fov / 2)) * 1.25;
  view.camera.position.set(centre.x, centre.y, centre.z + distance);
  view.controls.target.copy(centre);
  view.controls.update();
}

async function show(bearer) {
  say('Loading…', 'loading');
  const avatar = await (await api(`/api/v1/avatars/${avatarId}`, bearer)).json();
  document.getElementById('name').textContent = avatar.name;
  showMeasurements(avatar);
  const model = chooseModel(avatar);
  if (!model) {
    say('This avatar has no GLB model yet.', 'no-model');
    return;
  }
  const bytes = await (await api(model.downloadUrl, bearer)).arrayBuffer();
  const draco = new DRACOLoader();
  draco.setDecoderPath('/viewer/static/vendor/three/examples/jsm/libs/draco/gltf/');
  draco.setDecoderConfig({ type: 'wasm' });
  const loader = new GLTFLoader();
  loader.setDRACOLoader(draco);
  const gltf = await loader.parseAsync(bytes, '');
  const view = stage();
  view.scene.add(gltf.scene);
  gltf.scene.updateMatrixWorld(true);
  frame(view, gltf.scene);
  view.render();
  document.getElementById('model').textContent =
    `${model.lodLevel} GLB · ${model.faceCount.toLocaleString()} triangles · ` +
    `${model.vertexCount.toLocaleString()} vertices · ${(model.fileSize / 1024).toFixed(0)} KB`;
  say(avatar.bodyType ? `Body type: ${avatar.bodyType}` : 'Rendered', 'rendered');
  draco.dispose();
}

function askForToken() {
  const form = document.getElementById('token-form');
  form.hidden = false;
  say('Paste a bearer token to see this avatar.', 'needs-token');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = document.getElementById('token').value.trim();
    sessionStorage.setItem('avatar-token', value);
    form.hidden = true;
    show(value).catch((error) => say(error.message, 'error'));
  });
}

const bearer = token();
if (bearer) {
  show(bearer).catch((error) => say(error.message, 'error'));
} else {
  askForToken();
}
