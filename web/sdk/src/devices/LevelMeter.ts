import type { CaptureTrackLike } from "./mediaDevicesLike.js";

/** Reads how loud a microphone track is now. */
export interface LevelMeter {
  /** 0 (silence, −60 dBFS and below) to 100 (full scale): iLiveSDK's 0–100 volume scale. */
  level(): number;
  /** Releases the meter's audio graph (the track itself stays open). */
  close(): void;
}

/** Makes a meter for a microphone track; undefined when the host has no Web Audio. */
export type LevelMeterFactory = (track: CaptureTrackLike) => LevelMeter | undefined;

interface AnalyserLike {
  fftSize: number;
  getFloatTimeDomainData(array: Float32Array): void;
}

interface AudioContextLike {
  createMediaStreamSource(stream: unknown): { connect(node: unknown): unknown; disconnect(): void };
  createAnalyser(): AnalyserLike;
  close(): Promise<void>;
}

/** The level of RMS amplitude `rms` (0–1) on the 0–100 scale: −60 dBFS → 0, 0 dBFS → 100, linear in dB between. */
export function levelOf(rms: number): number {
  if (!(rms > 0)) {
    return 0;
  }

  const db = 20 * Math.log10(Math.min(1, rms));
  return Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
}

/** A meter on the host's Web Audio (AudioContext + MediaStream globals), as browsers have. */
export const webAudioLevelMeter: LevelMeterFactory = (track) => {
  const host = globalThis as { AudioContext?: new () => AudioContextLike; MediaStream?: new (tracks: unknown[]) => unknown };
  if (typeof host.AudioContext !== "function" || typeof host.MediaStream !== "function") {
    return undefined;
  }

  const context = new host.AudioContext();
  const source = context.createMediaStreamSource(new host.MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return {
    level() {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) {
        sum += sample * sample;
      }

      return levelOf(Math.sqrt(sum / samples.length));
    },
    close() {
      source.disconnect();
      void context.close().catch(() => undefined);
    },
  };
};
