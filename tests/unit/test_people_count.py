"""Counting people from the segmenters' masks (adapters/vision/mediapipe_detector.py): a
person the selfie segmenter splits in two is one person; a second figure is another."""

from __future__ import annotations

import numpy as np

from adapters.vision.mediapipe_detector import _other_people


def masks() -> tuple[np.ndarray, np.ndarray]:
    everyone = np.zeros((400, 300), dtype=bool)
    person = np.zeros_like(everyone)
    person[40:360, 120:180] = True  # the pose model's mask of the main person
    everyone[40:200, 120:180] = True  # the selfie segmenter: upper body ...
    everyone[210:360, 120:180] = True  # ... and legs apart from it (shorts missed)
    return everyone, person


def test_a_person_split_in_two_by_the_segmenter_is_one_person() -> None:
    everyone, person = masks()
    assert _other_people(everyone, person, [], main_found=True) == 0


def test_a_second_figure_off_the_main_persons_mask_is_another_person() -> None:
    everyone, person = masks()
    everyone[60:340, 10:70] = True  # someone else at the side
    assert _other_people(everyone, person, [], main_found=True) == 1


def test_two_faces_on_one_region_are_two_people() -> None:
    everyone, person = masks()
    faces = [(150 / 300, 60 / 400), (165 / 300, 150 / 400)]
    assert _other_people(everyone, person, faces, main_found=True) == 1
