/**
 * Levels of audio tracks (WebAudio analysers sampled a few times a second): the tiles' "speaking" ring, and the proof
 * that a member's audio really arrives. The context starts on the page's user activation (the sign-in click).
 */
export class AudioMeter {
  readonly #meters = new Map<string, { source: MediaStreamAudioSourceNode; analyser: AnalyserNode; onLevel: (level: number) => void }>();
  readonly #buffer = new Float32Array(1024);
  #context: AudioContext | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Measures `track` under `key`, calling `onLevel` with its RMS level (0-1) about five times a second. */
  watch(key: string, track: MediaStreamTrack, onLevel: (level: number) => void): void {
    this.unwatch(key);
    const context = (this.#context ??= new AudioContext());
    if (context.state === "suspended") {
      void context.resume().catch(() => undefined);
    }

    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    this.#meters.set(key, { source, analyser, onLevel });
    this.#timer ??= setInterval(() => this.#sample(), 200);
  }

  unwatch(key: string): void {
    const meter = this.#meters.get(key);
    if (meter !== undefined) {
      meter.source.disconnect();
      this.#meters.delete(key);
    }
  }

  dispose(): void {
    for (const key of [...this.#meters.keys()]) {
      this.unwatch(key);
    }

    clearInterval(this.#timer);
    this.#timer = undefined;
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }

  #sample(): void {
    for (const meter of this.#meters.values()) {
      meter.analyser.getFloatTimeDomainData(this.#buffer);
      let sum = 0;
      for (const sample of this.#buffer) {
        sum += sample * sample;
      }

      meter.onLevel(Math.sqrt(sum / this.#buffer.length));
    }
  }
}
