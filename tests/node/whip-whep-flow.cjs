// A WHIP publisher and a WHEP player, both libwebrtc (@roamhq/wrtc), against a running OpenLive server: the
// publisher sends synthetic I420 frames and a tone into a room; the player receives them through the SFU.
// Usage: node whip-whep-flow.cjs <serverUrl> <sdkAppId> <roomId> <publisherId> <publisherSig> <viewerId> <viewerSig> [whipQuery]
// Prints one JSON line: statuses, headers, what the player received, and the DELETE statuses.
'use strict';
const { RTCPeerConnection, nonstandard } = require('@roamhq/wrtc');

// whipQuery (optional): appended to the WHIP URL, e.g. "?privateMapKey=…" for a publisher joining someone else's room.
const [serverUrl, sdkAppId, roomId, publisherId, publisherSig, viewerId, viewerSig, whipQuery = ''] = process.argv.slice(2);
const WIDTH = 320;
const HEIGHT = 240;

function until(condition, what, timeoutMs) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

async function post(path, sig, sdp) {
  const response = await fetch(new URL(path, serverUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${sig}` },
    body: sdp,
  });
  const body = await response.text();
  if (response.status !== 201) {
    throw new Error(`POST ${path}: ${response.status} ${body}`);
  }
  return { status: response.status, location: response.headers.get('location'), etag: response.headers.get('etag'), answer: body };
}

async function remove(location) {
  const response = await fetch(new URL(location, serverUrl), { method: 'DELETE' });
  return response.status;
}

async function main() {
  // Publisher: camera (I420 frames whose brightness changes) and microphone (a 440 Hz tone), sendonly.
  const video = new nonstandard.RTCVideoSource();
  const audio = new nonstandard.RTCAudioSource();
  const publisher = new RTCPeerConnection();
  publisher.addTransceiver(audio.createTrack(), { direction: 'sendonly' });
  publisher.addTransceiver(video.createTrack(), { direction: 'sendonly' });
  await publisher.setLocalDescription(await publisher.createOffer());
  const whip = await post(`/whip/${sdkAppId}/${roomId}/${publisherId}${whipQuery}`, publisherSig, publisher.localDescription.sdp);
  await publisher.setRemoteDescription({ type: 'answer', sdp: whip.answer });

  let tick = 0;
  const frame = new Uint8ClampedArray(WIDTH * HEIGHT * 1.5);
  const samples = new Int16Array(480);
  const pump = setInterval(() => {
    frame.fill(16 + (tick * 7) % 200, 0, WIDTH * HEIGHT);
    frame.fill(128, WIDTH * HEIGHT);
    video.onFrame({ width: WIDTH, height: HEIGHT, data: frame });
    for (let i = 0; i < 3; i++) {
      for (let n = 0; n < samples.length; n++) {
        samples[n] = Math.round(8000 * Math.sin(2 * Math.PI * 440 * ((tick * 3 + i) * 480 + n) / 48000));
      }
      audio.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: samples.length });
    }
    tick++;
  }, 30);
  await until(() => publisher.connectionState === 'connected', 'the publisher to connect', 10000);

  // Player: recvonly audio and video; counts decoded frames.
  const player = new RTCPeerConnection();
  player.addTransceiver('audio', { direction: 'recvonly' });
  player.addTransceiver('video', { direction: 'recvonly' });
  const received = { frames: 0, width: 0, height: 0, audioTrack: false, videoTrack: false };
  let sink = null;
  player.ontrack = (event) => {
    if (event.track.kind === 'video') {
      received.videoTrack = true;
      sink = new nonstandard.RTCVideoSink(event.track);
      sink.onframe = ({ frame: decoded }) => {
        received.frames++;
        received.width = decoded.width;
        received.height = decoded.height;
      };
    } else {
      received.audioTrack = true;
    }
  };
  await player.setLocalDescription(await player.createOffer());
  const whep = await post(`/whep/${sdkAppId}/${roomId}/${publisherId}?user=${encodeURIComponent(viewerId)}`, viewerSig, player.localDescription.sdp);
  await player.setRemoteDescription({ type: 'answer', sdp: whep.answer });
  await until(() => received.frames >= 10, 'ten decoded frames at the player', 15000);

  const stats = await player.getStats();
  let audioPackets = 0;
  stats.forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      audioPackets += report.packetsReceived || 0;
    }
  });

  clearInterval(pump);
  if (sink) {
    sink.stop();
  }
  const deletes = { whep: await remove(whep.location), whip: await remove(whip.location), again: await remove(whip.location) };
  player.close();
  publisher.close();
  console.log(JSON.stringify({
    whip: { status: whip.status, location: whip.location, etag: whip.etag },
    whep: { status: whep.status, location: whep.location, etag: whep.etag },
    received: { ...received, audioPackets },
    deletes,
  }));
}

main().then(() => process.exit(0), (error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
