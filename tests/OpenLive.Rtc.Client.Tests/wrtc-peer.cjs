// A real libwebrtc peer (node-webrtc, @roamhq/wrtc) for RtcClientWrtcInteropTests.
// Talks JSON lines: reads {type:"offer"|"answer", sdp} on stdin, writes {type:"offer"|"answer", sdp} and
// {event:...} lines on stdout. Mode "answer": answers our offer and receives. Mode "offer": offers and sends
// video from an RTCVideoSource and audio from an RTCAudioSource. Exits when stdin closes.
'use strict';
const readline = require('readline');
const { RTCPeerConnection, nonstandard } = require('@roamhq/wrtc');

const mode = process.argv[2];
const pc = new RTCPeerConnection({ iceServers: [] });
const timers = [];
const emit = (message) => process.stdout.write(JSON.stringify(message) + '\n');

pc.onconnectionstatechange = () => emit({ event: 'state', state: pc.connectionState });
pc.ontrack = (e) => emit({ event: 'track', kind: e.track.kind, mid: e.transceiver.mid });

async function gathered() {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise((resolve) => {
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
  });
}

function reportStats() {
  timers.push(setInterval(async () => {
    const report = await pc.getStats();
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' || s.type === 'outbound-rtp') {
        emit({
          event: 'stats', type: s.type, kind: s.kind ?? s.mediaType,
          packets: s.packetsReceived ?? s.packetsSent ?? 0, bytes: s.bytesReceived ?? s.bytesSent ?? 0,
          framesDecoded: s.framesDecoded ?? 0, keyFramesDecoded: s.keyFramesDecoded ?? 0,
          nackCount: s.nackCount ?? 0, pliCount: s.pliCount ?? 0,
        });
      }
    });
  }, 200));
}

function sendMedia() {
  const video = new nonstandard.RTCVideoSource();
  const audio = new nonstandard.RTCAudioSource();
  pc.addTransceiver(video.createTrack(), { direction: 'sendonly' });
  pc.addTransceiver(audio.createTrack(), { direction: 'sendonly' });
  const width = 320, height = 240;
  const frame = new Uint8ClampedArray(width * height * 3 / 2);
  let n = 0;
  timers.push(setInterval(() => {
    // A moving gradient, so the encoder has something to code.
    n++;
    for (let i = 0; i < width * height; i++) frame[i] = (i + n * 7) & 0xff;
    video.onFrame({ width, height, data: frame });
  }, 33));
  const samples = new Int16Array(480);
  timers.push(setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin(i / 8));
    audio.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
  }, 10));
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('close', () => { timers.forEach(clearInterval); pc.close(); process.exit(0); });
  if (mode === 'offer') {
    sendMedia();
    await pc.setLocalDescription(await pc.createOffer());
    await gathered();
    emit({ type: 'offer', sdp: pc.localDescription.sdp });
  }

  for await (const line of lines) {
    const message = JSON.parse(line);
    if (message.type === 'offer') {
      await pc.setRemoteDescription(message);
      await pc.setLocalDescription(await pc.createAnswer());
      await gathered();
      emit({ type: 'answer', sdp: pc.localDescription.sdp });
      reportStats();
    } else if (message.type === 'answer') {
      await pc.setRemoteDescription(message);
      reportStats();
    }
  }
}

main().catch((e) => { emit({ event: 'error', message: String(e && e.stack || e) }); process.exit(1); });
