import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCircuit } from '../circuit/parser.js';
import { parseDem } from '../dem/dem-parser.js';
import { flattenDem } from '../dem/flatten.js';
import { MemoryIO } from './io.js';
import { main } from './main.js';

/**
 * Command lines as Stim and sinter users type them (program name dropped: `stim detect ...` is
 * run as `qec detect ...`), in order: later lines read files earlier ones wrote. Each must exit 0.
 * Files live in memory except the results CSV (RESULTS is replaced by a temporary folder).
 */
const STIM_SINTER_LINES = [
  'gen --code surface_code --task rotated_memory_z --distance 3 --rounds 3 --after_clifford_depolarization 0.001 --before_round_data_depolarization 0.001 --before_measure_flip_probability 0.001 --after_reset_flip_probability 0.001 --out c.stim',
  'gen --code repetition_code --task memory --distance 3 --rounds 2 --before_measure_flip_probability 0.01 --out d=3,p=0.01,b=rep.stim',
  'analyze_errors --in c.stim --decompose_errors --fold_loops --out c.dem',
  'analyze_errors --in c.stim --out c.full.dem --allow_gauge_detectors --approximate_disjoint_errors',
  'detect --shots 256 --in c.stim --out dets.b8 --out_format b8 --obs_out obs.01 --seed 5',
  'detect --shots 64 --in c.stim --append_observables --out_format 01 --out dets_obs.01 --seed 5',
  'sample --shots 64 --in c.stim --out_format b8 --out meas.b8 --seed 1',
  'sample --shots 8 --in c.stim --skip_reference_sample --out flips.01 --seed 1',
  'm2d --in meas.b8 --in_format b8 --circuit c.stim --append_observables --out_format 01 --out m2d.01',
  'm2d --in meas.b8 --in_format b8 --circuit c.stim --out m2d.dets.01 --obs_out m2d.obs.01 --obs_out_format 01',
  'sample_dem --shots 128 --in c.dem --out sd.01 --obs_out so.01 --err_out err.b8 --err_out_format b8 --seed 2',
  'sample_dem --shots 128 --in c.dem --replay_err_in err.b8 --replay_err_in_format b8 --out sd2.01 --obs_out so2.01',
  'convert --in dets.b8 --in_format b8 --out_format dets --circuit c.stim --types D --out dets.dets',
  'convert --in dets_obs.01 --in_format 01 --out_format b8 --dem c.dem --types DL --out dets_obs.b8',
  'decode --dem c.dem --in dets.b8 --in_format b8 --decoder pymatching --obs_in obs.01',
  'explain_errors --in c.stim --single --out explained.txt',
  'shortest_error --in c.stim --single --out shortest.txt',
  'explain_errors --in c.stim --dem_filter c.dem --out explained-filtered.txt',
  'diagram --in c.stim --type timeline-svg --remove_noise --out timeline.svg',
  'diagram --in c.stim --type detslice-svg --tick=1:3 --filter_coords 2,2:D0 --out detslice.svg',
  'diagram --in c.dem --type matchgraph-svg --out matchgraph.svg',
  'collect --circuits c.stim d=3,p=0.01,b=rep.stim --decoders pymatching --max_shots 500 --max_errors 50 --save_resume_filepath RESULTS/results.csv --processes 2 --metadata_func auto',
];

describe('Stim and sinter command lines run unchanged', () => {
  it('every line exits 0 and its outputs agree with each other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qec-compat-'));
    try {
      const io = new MemoryIO();
      for (const line of STIM_SINTER_LINES) {
        io.err = '';
        const code = await main(line.replace('RESULTS', dir).split(' '), io);
        assert.equal(code, 0, `${line}\n${io.err}`);
      }
      const circuit = parseCircuit(io.text('c.stim'));
      const dem = flattenDem(parseDem(io.text('c.dem')));
      assert.equal(dem.numDetectors, circuit.numDetectors);
      // detect: 256 shots of b8 (detectors rounded up to bytes); 64 rows of detectors + observable.
      assert.equal(io.files.get('dets.b8')?.length, 256 * Math.ceil(circuit.numDetectors / 8));
      const rows = io.text('dets_obs.01').trimEnd().split('\n');
      assert.equal(rows.length, 64);
      assert.ok(rows.every((r) => r.length === circuit.numDetectors + 1));
      // m2d: --append_observables is the detectors then the observables of the same shots.
      const dets = io.text('m2d.dets.01').trimEnd().split('\n');
      const obs = io.text('m2d.obs.01').trimEnd().split('\n');
      assert.deepEqual(
        io.text('m2d.01').trimEnd().split('\n'),
        dets.map((d, i) => d + obs[i]),
      );
      // explain_errors: one location per error; shortest_error: the d=3 code's distance, explained.
      const explained = io.text('explained.txt');
      assert.equal(
        explained.split('ExplainedError {').length - 1,
        explained.split('CircuitErrorLocation {').length - 1,
      );
      assert.match(io.text('shortest.txt'), /^# shortest graphlike logical error: 3 mechanisms \(exact/);
      // diagram: no noise in the timeline; two slice panels; every DEM detector in the graph.
      assert.ok(!io.text('timeline.svg').includes('data-gate="DEPOLARIZE'));
      assert.equal(io.text('detslice.svg').split('<g class="slice"').length - 1, 2);
      assert.equal(io.text('matchgraph.svg').split('<circle class="detector"').length - 1, dem.numDetectors);
      // Without noise in the reference, flips of a deterministic first shot are mostly zero.
      assert.equal(io.text('flips.01').trimEnd().split('\n').length, 8);
      // Replaying the recorded errors reproduces the sampled shots exactly.
      assert.equal(io.text('sd2.01'), io.text('sd.01'));
      assert.equal(io.text('so2.01'), io.text('so.01'));
      assert.match(io.out, /logical errors: \d+ of 256 shots/);
      // collect: metadata from the file name; both circuits' tasks in the CSV.
      const csv = readFileSync(join(dir, 'results.csv'), 'utf8');
      assert.match(csv, /pymatching|mwpm/);
      assert.match(csv, /""d"":3/);
      assert.match(csv, /""p"":0.01/);
      assert.match(csv, /""b"":""rep""/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('list options take space-separated values (shell globs) and repeated flags; file lists keep commas', async () => {
    const c = 'M 0\nDETECTOR rec[-1]\n';
    for (const argv of [
      ['collect', '--circuits', 'a.stim', 'b.stim', '--decoders', 'mwpm', '--max-shots', '1'],
      ['collect', '--circuits', 'a.stim', '--circuits', 'b.stim', '--decoders', 'mwpm', '--max-shots', '1'],
      ['collect', '--circuits=a.stim', 'b.stim', '--decoders=mwpm', '--max-shots', '1'],
    ]) {
      // Missing --save: the parse gets that far only when the lists parsed.
      const io = new MemoryIO({ 'a.stim': c, 'b.stim': c });
      const code = await main(argv, io);
      assert.equal(code, 2);
      assert.match(io.err, /missing required option --save/, argv.join(' '));
    }
    const io = new MemoryIO();
    assert.equal(await main(['collect', '--circuits', '--max-shots', '1'], io), 2);
    assert.match(io.err, /--circuits/);
  });

  it('command and option names accept underscores; help names the aliases', async () => {
    const io = new MemoryIO();
    assert.equal(await main(['help', 'sample_dem'], io), 0);
    assert.match(io.out, /^qec sample-dem — /);
    assert.match(io.out, /--err-out/);
    const io2 = new MemoryIO();
    assert.equal(await main(['collect', '--help'], io2), 0);
    assert.match(io2.out, /--save_resume_filepath/);
    assert.match(io2.out, /--processes/);
    const io3 = new MemoryIO();
    assert.equal(await main(['analyze_errors', '--bogus_flag'], io3), 2);
    assert.match(io3.err, /--bogus_flag/);
  });
});
