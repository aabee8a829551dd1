"""The population a body model implies: its measurement statistics, per gender.

Built once by sampling adult bodies from the model's own phenotype distributions and
measuring every one with the anthropometry engine (``python -m adapters.body.population``);
the result ships with the package (a few hundred kB). It answers three questions:

- which values the missing measurements probably have, given the ones typed in (the
  conditional Gaussian of log-measurements), and how sure that is;
- whether a typed-in vector is a body at all (each measurement against what the others
  predict: the anomaly check);
- where a fit should start (a linear map from log-measurements to model parameters).

Each body's chest is kept under both definitions (ADR 42): a woman's profile holds her bust
girth, a man's and a profile without a gender the chest girth under the armpits, so a
request without a gender is compared with both genders' bodies taped under the armpits.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from adapters.body.geometry import FloatArray
from application.ports import Gender, MeasurementAnomaly
from domain.measurements import ChestGirth, chest_girth_for

DATA_DIR = Path(__file__).parent / "data"
# Real people vary more than a model's population; the spread is widened by this factor
# before any decision, so the anomaly check refuses only vectors far outside both.
SPREAD_INFLATION = 1.6
ANOMALY_Z = 6.0


@dataclass(frozen=True)
class GenderStats:
    names: tuple[str, ...]
    mean: FloatArray  # (M,) of log-measurements
    covariance: FloatArray  # (M, M)
    parameters: FloatArray  # (N, P) the sampled bodies
    log_values: FloatArray  # (N, M)

    def conditional(
        self, given: Mapping[str, float]
    ) -> tuple[dict[str, float], dict[str, float], float]:
        """Mean and one-sigma (cm, kg) of every missing measurement, and the log-likelihood."""
        known = [i for i, name in enumerate(self.names) if name in given]
        unknown = [i for i, name in enumerate(self.names) if name not in given]
        x = np.array([math.log(given[self.names[i]]) for i in known])
        cov = self.covariance * SPREAD_INFLATION**2
        s_kk = cov[np.ix_(known, known)]
        s_uk = cov[np.ix_(unknown, known)]
        solve = np.linalg.solve(s_kk, x - self.mean[known])
        mean_u = self.mean[unknown] + s_uk @ solve
        cov_u = cov[np.ix_(unknown, unknown)] - s_uk @ np.linalg.solve(s_kk, s_uk.T)
        _, logdet = np.linalg.slogdet(s_kk)
        loglik = -0.5 * float((x - self.mean[known]) @ solve + logdet)
        means = {self.names[i]: float(math.exp(m)) for i, m in zip(unknown, mean_u, strict=True)}
        sigmas = {
            self.names[i]: float(math.exp(m) * math.sqrt(max(v, 0.0)))
            for i, m, v in zip(unknown, mean_u, np.diag(cov_u), strict=True)
        }
        return means, sigmas, loglik

    def anomalies(self, given: Mapping[str, float]) -> list[MeasurementAnomaly]:
        """Each given measurement against the prediction from the other given ones."""
        names = [n for n in self.names if n in given]
        if len(names) < 2:
            return []
        found = []
        cov = self.covariance * SPREAD_INFLATION**2
        index = {n: self.names.index(n) for n in names}
        for name in names:
            others = [n for n in names if n != name]
            i, rest = index[name], [index[n] for n in others]
            x_rest = np.array([math.log(given[n]) for n in others])
            s_rr = cov[np.ix_(rest, rest)]
            s_ir = cov[i, rest]
            weights = np.linalg.solve(s_rr, s_ir)
            mean = self.mean[i] + weights @ (x_rest - self.mean[rest])
            variance = cov[i, i] - s_ir @ weights
            sigma = math.sqrt(max(variance, 1e-12))
            z = (math.log(given[name]) - mean) / sigma
            if abs(z) > ANOMALY_Z:
                influence = np.abs(weights * (x_rest - self.mean[rest]))
                ranked = [others[k] for k in np.argsort(-influence)[:3] if influence[k] > 0]
                expected = math.exp(mean)
                found.append(
                    MeasurementAnomaly(
                        name=name,
                        value=given[name],
                        expected=round(expected, 1),
                        spread=round(expected * sigma, 1),
                        disagrees_with=tuple(ranked),
                    )
                )
        found.sort(key=lambda a: -abs(a.value - a.expected) / max(a.spread, 1e-9))
        return found

    def initial_parameters(self, given: Mapping[str, float]) -> FloatArray:
        """Least-squares linear map from the given log-measurements to parameters."""
        columns = [i for i, name in enumerate(self.names) if name in given]
        design = np.hstack([self.log_values[:, columns], np.ones((len(self.log_values), 1))])
        coefficients, *_ = np.linalg.lstsq(design, self.parameters, rcond=None)
        x = np.array([math.log(given[self.names[i]]) for i in columns] + [1.0])
        return np.asarray(x @ coefficients)

    @classmethod
    def of(
        cls, names: Sequence[str], parameters: FloatArray, log_values: FloatArray
    ) -> GenderStats:
        return cls(
            names=tuple(names),
            mean=log_values.mean(axis=0),
            covariance=np.cov(log_values, rowvar=False),
            parameters=parameters,
            log_values=log_values,
        )


@dataclass(frozen=True)
class Population:
    model_name: str
    model_version: str
    names: tuple[str, ...]
    by_gender: Mapping[Gender, GenderStats]  # the chest as that gender's profile holds it
    # Per gender, the log chest girths of the same bodies under each definition.
    log_chests: Mapping[Gender, Mapping[ChestGirth, FloatArray]]

    def stats(self, gender: Gender, chest: ChestGirth | None = None) -> GenderStats:
        """One gender's statistics, its bodies' chest taken as ``chest`` (default: its own)."""
        own = self.by_gender[gender]
        if chest is None or chest is chest_girth_for(gender):
            return own
        log_values = own.log_values.copy()
        log_values[:, self.names.index("chest")] = self.log_chests[gender][chest]
        return GenderStats.of(self.names, own.parameters, log_values)

    def candidates(self, gender: Gender | None) -> dict[Gender, GenderStats]:
        """The populations a request is compared with: its gender's, or without a gender
        both, each with the chest a profile without a gender holds."""
        if gender is not None:
            return {gender: self.stats(gender)}
        chest = chest_girth_for(None)
        return {g: self.stats(g, chest) for g in self.by_gender}

    def likely_gender(self, given: Mapping[str, float]) -> Gender:
        """The gender whose population explains the given measurements (no gender said) best."""
        scores = {g: s.conditional(given)[2] for g, s in self.candidates(None).items()}
        return max(scores, key=lambda g: scores[g])

    def save(self, path: Path) -> None:
        arrays: dict[str, object] = {
            "model": np.array([self.model_name, self.model_version]),
            "names": np.array(self.names),
        }
        for gender, stats in self.by_gender.items():
            arrays[f"{gender.value}_parameters"] = stats.parameters.astype(np.float32)
            arrays[f"{gender.value}_log_values"] = stats.log_values.astype(np.float32)
            for chest, log_chest in self.log_chests[gender].items():
                arrays[f"{gender.value}_log_chest_{chest.value}"] = log_chest.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> Population:
        with np.load(path) as data:
            model_name, model_version = (str(x) for x in data["model"])
            names = tuple(str(n) for n in data["names"])
            by_gender, log_chests = {}, {}
            for gender in Gender:
                parameters = data[f"{gender.value}_parameters"].astype(np.float64)
                log_values = data[f"{gender.value}_log_values"].astype(np.float64)
                by_gender[gender] = GenderStats.of(names, parameters, log_values)
                log_chests[gender] = {
                    chest: data[f"{gender.value}_log_chest_{chest.value}"].astype(np.float64)
                    for chest in ChestGirth
                }
        return cls(model_name, model_version, names, by_gender, log_chests)


def population_path(model_name: str) -> Path:
    return DATA_DIR / f"{model_name}_population.npz"


def build(
    space: object, count_per_gender: int, seed: int, names: Sequence[str]
) -> tuple[Population, dict[str, FloatArray]]:
    """Sample and measure ``count_per_gender`` adults of each gender."""
    from adapters.body.anthropometry import MeasurementFailed, measure

    rng = np.random.default_rng(seed)
    by_gender, log_chests = {}, {}
    for gender in Gender:
        parameters = space.sample(rng, count_per_gender, gender)  # type: ignore[attr-defined]
        rows, chests, kept = [], [], []
        started = time.perf_counter()
        for i, p in enumerate(parameters):
            try:
                result = measure(space.geometry(p), gender)  # type: ignore[attr-defined]
            except MeasurementFailed:
                continue
            rows.append([math.log(result.values[n]) for n in names])
            chests.append([math.log(result.chest_girths[chest]) for chest in ChestGirth])
            kept.append(p)
            if (i + 1) % 100 == 0:
                rate = (i + 1) / (time.perf_counter() - started)
                print(f"  {gender.value}: {i + 1}/{count_per_gender} ({rate:.1f} bodies/s)")
        by_gender[gender] = GenderStats.of(names, np.array(kept), np.array(rows))
        log_chests[gender] = dict(zip(ChestGirth, np.array(chests).T, strict=True))
    population = Population(
        space.model_name,  # type: ignore[attr-defined]
        space.model_version,  # type: ignore[attr-defined]
        tuple(names),
        by_gender,
        log_chests,
    )
    return population, {}


def main() -> None:  # pragma: no cover - a build script, run by hand
    from adapters.body.anny_space import AnnySpace
    from domain.measurements import MEASUREMENT_NAMES

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=600, help="bodies per gender")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--cache-dir", default="~/.cache/avatar-service/anny")
    args = parser.parse_args()
    space = AnnySpace(Path(args.cache_dir))
    space.prepare()
    population, _ = build(space, args.count, args.seed, MEASUREMENT_NAMES)
    path = population_path(space.model_name)
    population.save(path)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} kB)")


if __name__ == "__main__":  # pragma: no cover
    main()
