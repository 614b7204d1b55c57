#!/usr/bin/env bash
# ffmpeg CPU per output (issue 14): CPU-seconds of ffmpeg per second of media for one output of each kind OpenLive's
# supervised ffmpeg outputs run — VP8→H.264 transcoded live HLS, H.264 passthrough live HLS, RTMP push passthrough into
# nginx-rtmp — against ffmpeg remuxing the same input to nothing (`-c copy -f null`) in the same run. The argument lists
# are those of src/OpenLive.Egress/Ffmpeg/FfmpegArguments.cs (+ HlsOutputTarget/RtmpOutputTarget) with the defaults
# (2 s segments, 6 in the window). Each output reads its input on stdin as fast as ffmpeg takes it; the figure is the
# process's own user+system time (wait4), so other load on the machine adds contention but is not counted.
#   benchmarks/egress-ffmpeg.sh [RUNS=5] [SECONDS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
MEDIA_SECONDS=${2:-30}
WORK=$(mktemp -d /tmp/openlive-egress-ffmpeg-bench.XXXXXX)
NGINX=""
cleanup() {
  if [ -n "$NGINX" ]; then kill "$NGINX" 2>/dev/null || true; wait "$NGINX" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cpu() { python3 benchmarks/egress-ffmpeg/cpu.py "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "inputs: ${MEDIA_SECONDS} s of a 640x360 30 fps test pattern + 48 kHz stereo tone (camera-like bitrate)" >&2
SRC=(-hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=640x360:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$MEDIA_SECONDS")
ffmpeg "${SRC[@]}" -c:v libvpx -b:v 800k -g 90 -deadline realtime -cpu-used 8 -pix_fmt yuv420p -c:a libopus -ac 2 \
  -f webm -cluster_time_limit 1000 "$WORK/vp8.webm"
ffmpeg "${SRC[@]}" -c:v libx264 -preset veryfast -b:v 800k -g 90 -pix_fmt yuv420p -c:a libopus -ac 2 \
  -f mp4 -movflags frag_keyframe+empty_moov+default_base_moof "$WORK/h264.mp4"

port=$((20000 + RANDOM % 20000))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((20000 + RANDOM % 20000)); done
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:$port; application live { live on; record off; } } }
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

HEAD=(ffmpeg -hide_banner -nostdin -nostats -loglevel warning)
MAP=(-map '0:v:0?' -map '0:a:0?')
AAC=(-c:a aac -b:a 128k)
X264=(-c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p -force_key_frames 'expr:gte(t,n_forced*2)' -sc_threshold 0)
hls() { # $1 = output directory
  rm -rf "$1"; mkdir -p "$1"
  echo -f hls -hls_time 2 -hls_list_size 6 -hls_segment_type fmp4 \
    -hls_flags delete_segments+independent_segments+append_list+temp_file -hls_fmp4_init_filename init.mp4 \
    -hls_segment_filename "$1/seg-%d.m4s" "$1/index.m3u8"
}

declare -A samples
for run in $(seq 1 "$RUNS"); do
  samples[remux_vp8]+="$(cpu "$WORK/vp8.webm" "${HEAD[@]}" -f matroska -i pipe:0 -c copy -f null -) "
  samples[remux_h264]+="$(cpu "$WORK/h264.mp4" "${HEAD[@]}" -f mp4 -i pipe:0 -c copy -f null -) "
  # shellcheck disable=SC2046 # hls() prints an argument list without spaces inside arguments
  samples[hls_transcode]+="$(cpu "$WORK/vp8.webm" "${HEAD[@]}" -f matroska -i pipe:0 "${MAP[@]}" "${X264[@]}" "${AAC[@]}" $(hls "$WORK/hls-t")) "
  # shellcheck disable=SC2046
  samples[hls_copy]+="$(cpu "$WORK/h264.mp4" "${HEAD[@]}" -f mp4 -i pipe:0 "${MAP[@]}" -c:v copy "${AAC[@]}" $(hls "$WORK/hls-c")) "
  samples[rtmp_copy]+="$(cpu "$WORK/h264.mp4" "${HEAD[@]}" -f mp4 -i pipe:0 "${MAP[@]}" -c:v copy "${AAC[@]}" \
    -rw_timeout 10000000 -f flv -flvflags no_duration_filesize "rtmp://127.0.0.1:$port/live/bench-$run") "
  echo "run $run/$RUNS done" >&2
done

per_second() { echo "$1" | tr ' ' '\n' | grep . | median | awk -v s="$MEDIA_SECONDS" '{ printf "%.4f", $1 / s }'; }
declare -A med
for k in remux_vp8 remux_h264 hls_transcode hls_copy rtmp_copy; do med[$k]=$(per_second "${samples[$k]}"); done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo
echo "Command: \`benchmarks/egress-ffmpeg.sh $RUNS $MEDIA_SECONDS\` — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(ffmpeg -version | head -1 | cut -d' ' -f1-3); medians of $RUNS runs over ${MEDIA_SECONDS} s of 640x360 30 fps + stereo 48 kHz."
echo
echo "| output | input | ffmpeg CPU-s per media-s (= cores per live output) | × remux baseline |"
echo "|---|---|---|---|"
echo "| baseline: remux to null (\`-c copy -f null\`) | VP8 + Opus WebM | ${med[remux_vp8]} | 1.0 |"
echo "| baseline: remux to null (\`-c copy -f null\`) | H.264 + Opus fMP4 | ${med[remux_h264]} | 1.0 |"
echo "| live HLS, VP8 → H.264 (libx264 veryfast zerolatency), Opus → AAC | VP8 + Opus WebM | ${med[hls_transcode]} | $(ratio "${med[hls_transcode]}" "${med[remux_vp8]}") |"
echo "| live HLS, H.264 copied, Opus → AAC | H.264 + Opus fMP4 | ${med[hls_copy]} | $(ratio "${med[hls_copy]}" "${med[remux_h264]}") |"
echo "| RTMP push into nginx-rtmp, H.264 copied, Opus → AAC | H.264 + Opus fMP4 | ${med[rtmp_copy]} | $(ratio "${med[rtmp_copy]}" "${med[remux_h264]}") |"
