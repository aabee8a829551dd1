// The avatar's body in three.js, as the viewer (/viewer/<id>) draws it: its GLB (Draco,
// vendored under /viewer/static/vendor) framed from the front, turned with the mouse.
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { DRACOLoader } from 'three/addons/loaders/DRACOLoader.js';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

const DETAIL = ['medium', 'high', 'low', 'mobile'];

export function chooseModel(avatar) {
  const glbs = (avatar.models || []).filter((m) => m.format === 'glb');
  return glbs.sort((a, b) => DETAIL.indexOf(a.lodLevel) - DETAIL.indexOf(b.lodLevel))[0];
}

export async function renderBody(element, bytes) {
  element.replaceChildren();
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

  const draco = new DRACOLoader();
  draco.setDecoderPath('/viewer/static/vendor/three/examples/jsm/libs/draco/gltf/');
  draco.setDecoderConfig({ type: 'wasm' });
  const loader = new GLTFLoader();
  loader.setDRACOLoader(draco);
  const gltf = await loader.parseAsync(bytes, '');
  scene.add(gltf.scene);
  gltf.scene.updateMatrixWorld(true);
  const box = new THREE.Box3().setFromObject(gltf.scene);
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  const distance = (size.y / 2) / Math.tan(THREE.MathUtils.degToRad(camera.fov / 2)) * 1.25;
  camera.position.set(centre.x, centre.y, centre.z + distance);
  controls.target.copy(centre);
  controls.update();
  render();
  draco.dispose();
}
