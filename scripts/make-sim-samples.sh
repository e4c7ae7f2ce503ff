#!/usr/bin/env bash
# Makes the simulator's library of real sample media (src/sim/samples): voice notes of known English
# sentences, a round video, a short video, an animation, an MP3 and a sticker. Run once by hand when the
# library changes (never at install): the files are committed, and src/sim/samples/index.ts holds
# each one's sentence, so tests can check a transcript against what was said.
# Needs espeak-ng and ffmpeg (with libopus, libx264, libmp3lame, libwebp). Output is deterministic
# for one version of the tools (-fflags +bitexact, fixed encoder settings).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/sim/samples"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
len() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$tmp/$1.wav"; }
speak() { espeak-ng -v en-us -s 135 -w "$tmp/$1.wav" "$2"; }
bitexact=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1)

# Keep these sentences in step with SAMPLES in index.ts.
speak voice-1 "hello world this is a test"
speak voice-2 "i would like a cup of coffee"
speak voice-3 "please call me back tomorrow morning"
speak voice-4 "welcome to the archive"
speak round "welcome to the archive"
speak video "hello world this is a test"
speak audio "i would like a cup of coffee"

for i in 1 2 3 4; do
  ff -i "$tmp/voice-$i.wav" -ac 1 -ar 48000 -c:a libopus -b:a 12k -application voip "${bitexact[@]}" "$out/voice-$i.ogg"
done
# round video: square, as Telegram's video notes are
ff -f lavfi -i "gradients=s=240x240:r=10:speed=0.03:seed=3" -i "$tmp/round.wav" -t "$(len round)" -c:v libx264 -preset veryslow -crf 44 \
  -pix_fmt yuv420p -c:a aac -b:a 24k -ac 1 -movflags +faststart "${bitexact[@]}" "$out/round.mp4"
ff -f lavfi -i "testsrc=s=320x180:r=12" -i "$tmp/video.wav" -t "$(len video)" -c:v libx264 -preset veryslow -crf 38 \
  -pix_fmt yuv420p -c:a aac -b:a 24k -ac 1 -movflags +faststart "${bitexact[@]}" "$out/video.mp4"
# animation: a silent looping MP4, what Telegram makes of a GIF
ff -f lavfi -i "testsrc2=s=160x120:r=10" -t 2 \
  -c:v libx264 -preset veryslow -crf 42 -pix_fmt yuv420p -an -movflags +faststart "${bitexact[@]}" "$out/animation.mp4"
ff -i "$tmp/audio.wav" -ac 1 -ar 22050 -c:a libmp3lame -b:a 32k -write_xing 0 -id3v2_version 0 "${bitexact[@]}" "$out/audio.mp3"
# sticker: 512x512 lossless WebP with transparency
ff -f lavfi -i "color=c=0x00000000:s=512x512,format=rgba,geq=r='200':g='120+60*sin(X/40)':b='40':a='if(lt(hypot(X-256,Y-256),230),255,0)'" \
  -frames:v 1 -c:v libwebp -lossless 1 -compression_level 6 "${bitexact[@]}" "$out/sticker.webp"
ls -l "$out"
