#!/usr/bin/env bash
# The base of Huying's container images: a JRE 17 cut by jlink from this machine's JDK, the shared
# libraries it loads, bash (for healthchecks) and the user the Quarkus images run as (uid 185, jboss,
# home /home/jboss, as in the UBI OpenJDK images the chart expects), written as a `docker save`
# tarball. Quarkus' Jib extension builds every service's image on it (quarkus.jib.base-jvm-image=
# tar://...), so the `images` Maven profile needs no Docker daemon, no registry and no network.
#
# Usage: deploy/images/make-base-image.sh OUT.tar
#   Does nothing when OUT.tar is newer than this script and than the JDK's `release` file (a JDK
#   update rebuilds it). Runs as any user: tar sets every owner (root, /home/jboss 185), not chown.
#   One layer, entries sorted, times at the epoch: the same JDK gives the same layer digest.
# Environment: HUYING_IMAGE_JDK  the JDK 17 (with jmods/) to take the JRE from; default: JAVA_HOME,
#   then the JDK of `javac` on PATH, then /usr/lib/jvm/java-17-openjdk-*.
set -euo pipefail

die() { echo "make-base-image: $*" >&2; exit 1; }

(($# == 1)) || die "usage: $0 OUT.tar"
OUT=$(realpath -m "$1")
SELF=$(realpath "${BASH_SOURCE[0]}")
TAG=huying/jre17-base:latest
# What Huying's dependencies use (jdeps: jdk.unsupported, jdk.management, jdk.jfr) plus what is loaded as a
# service and jdeps cannot see: elliptic-curve TLS, locale data (zh), extra charsets, zip file systems, DNS.
MODULES=java.se,jdk.unsupported,jdk.management,jdk.management.jfr,jdk.jfr,jdk.crypto.ec,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.net
# JDK natives only a desktop loads: their X11/sound libraries stay out of the image.
GUI_LIBS=(libawt_xawt.so libjawt.so libsplashscreen.so libjsound.so libfontmanager.so libjavajpeg.so liblcms.so libmlib_image.so)

is_jdk17() { [[ -f $1/release && -x $1/bin/jlink && -f $1/jmods/java.base.jmod ]] && grep -q '^JAVA_VERSION="17[."]' "$1/release"; }

find_jdk() {
  if [[ -n ${HUYING_IMAGE_JDK:-} ]]; then
    is_jdk17 "$HUYING_IMAGE_JDK" || die "HUYING_IMAGE_JDK=$HUYING_IMAGE_JDK is not a JDK 17 with jmods/"
    echo "$HUYING_IMAGE_JDK"; return
  fi
  local candidate
  local -a candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  command -v javac >/dev/null && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  candidates+=(/usr/lib/jvm/java-17-openjdk-*)
  for candidate in "${candidates[@]}"; do
    is_jdk17 "$candidate" && { echo "$candidate"; return; }
  done
  die "no JDK 17 with jlink and jmods/ found (JAVA_HOME, javac on PATH, /usr/lib/jvm); Debian: openjdk-17-jdk-headless"
}

JDK=$(find_jdk)
if [[ -f $OUT && $OUT -nt $SELF && $OUT -nt $JDK/release ]]; then
  echo "make-base-image: $OUT is up to date"
  exit 0
fi
command -v ldd >/dev/null || die "ldd not found (Debian: libc-bin)"
case $(uname -m) in
  x86_64) ARCH=amd64 ;;
  aarch64) ARCH=arm64 ;;
  *) die "unsupported machine $(uname -m)" ;;
esac
JAVA_RUNTIME_VERSION=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$JDK/release")
echo "make-base-image: building $OUT from $JDK (${JAVA_RUNTIME_VERSION:-17})"

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
R=$W/rootfs
mkdir -p "$R"

# 1. The JRE. Java debug attributes are kept (line numbers in the JDK's stack frames).
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --no-man-pages --no-header-files --output "$R/opt/java"
# Debian's JDK links some files out of itself (e.g. cacerts into /etc): copy what they point at.
while IFS= read -r -d '' link; do
  target=$(readlink -f "$link")
  rm "$link"
  cp "$target" "$link"
done < <(find "$R/opt/java" -type l -print0)

# 2. bash for healthchecks (docker-compose's and the image's own), and every library the JRE and bash load.
mkdir -p "$R/bin"
cp "$(readlink -f "$(command -v bash)")" "$R/bin/bash"
ln -s bash "$R/bin/sh"
ln -s /opt/java/bin/java "$R/bin/java"
exclude=()
for lib in "${GUI_LIBS[@]}"; do exclude+=(! -name "$lib"); done
{ find "$R/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) "${exclude[@]}" -print0
  printf '%s\0' "$R/bin/bash"; } \
  | while IFS= read -r -d '' elf; do ldd "$elf" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' \
  | grep -v "^$R/" | sort -u \
  | while read -r lib; do
      mkdir -p "$R$(dirname "$lib")"
      cp -L "$lib" "$R$lib"
    done
[[ -n $(find "$R" -name 'libc.so.*' -print -quit) ]] || die "ldd found no C library for the JRE"
# glibc's C.UTF-8 locale: without it Java 17 takes ASCII for stdout, file names and its default charset.
locale=$(find /usr/lib/locale -maxdepth 1 \( -iname 'C.utf8' -o -iname 'C.UTF-8' \) 2>/dev/null | head -n 1)
[[ -n $locale ]] || die "glibc's C.UTF-8 locale (/usr/lib/locale/C.utf8) not found (Debian: libc-bin)"
mkdir -p "$R/usr/lib/locale"
cp -R "$locale" "$R/usr/lib/locale/"

# 3. Users (uid 185 as in the UBI OpenJDK images), scratch space, mount points.
mkdir -p "$R"/{etc,tmp,proc,sys,dev,home/jboss}
printf 'root:x:0:0:root:/root:/sbin/nologin\njboss:x:185:0:JBoss user:/home/jboss:/sbin/nologin\n' >"$R/etc/passwd"
printf 'root:x:0:\njboss:x:185:\n' >"$R/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$R/etc/nsswitch.conf"
chmod -R u+rwX,go+rX,go-w "$R"
chmod 1777 "$R/tmp"

# 4. One uncompressed layer, its config and manifest.json: the `docker save` layout Jib reads.
mkdir "$W/img"
tar --create --file "$W/layer.tar" --directory "$R" --format=gnu --sort=name --mtime=@0 \
  --owner=0 --group=0 --numeric-owner --exclude=./home/jboss .
tar --append --file "$W/layer.tar" --directory "$R" --format=gnu --mtime=@0 \
  --owner=185 --group=0 --numeric-owner --no-recursion ./home/jboss
DIFF=$(sha256sum "$W/layer.tar" | cut -d' ' -f1)
mv "$W/layer.tar" "$W/img/$DIFF.tar"
# Inherited by every image built on it: env, user, workdir, labels and the healthcheck (ready on the
# HTTP port; docker and podman run it, Kubernetes uses the chart's probes instead).
cat >"$W/img/config.json" <<JSON
{"architecture":"$ARCH","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"185","WorkingDir":"/home/jboss",
  "Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],
  "Labels":{"org.opencontainers.image.title":"huying-jre17-base","io.huying.java.runtime-version":"${JAVA_RUNTIME_VERSION:-17}"},
  "Healthcheck":{"Test":["CMD","bash","-c","exec 3<>/dev/tcp/127.0.0.1/\${QUARKUS_HTTP_PORT:-8080} && printf 'GET /q/health/ready HTTP/1.0\\\\r\\\\nHost: localhost\\\\r\\\\n\\\\r\\\\n' >&3 && read -r status <&3 && [[ \$status == *' 200 '* ]]"],
   "Interval":10000000000,"Timeout":5000000000,"StartPeriod":60000000000,"Retries":3}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$DIFF"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/images/make-base-image.sh: jlink JRE ${JAVA_RUNTIME_VERSION:-17}, its libraries, bash, user jboss (185)"}]}
JSON
CFG=$(sha256sum "$W/img/config.json" | cut -d' ' -f1)
mv "$W/img/config.json" "$W/img/$CFG.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s.tar"]}]\n' "$CFG" "$TAG" "$DIFF" >"$W/img/manifest.json"

mkdir -p "$(dirname "$OUT")"
tar --create --file "$W/image.tar" --directory "$W/img" --format=gnu --mtime=@0 --owner=0 --group=0 --numeric-owner \
  manifest.json "$CFG.json" "$DIFF.tar"
mv "$W/image.tar" "$OUT.part.$$"
mv "$OUT.part.$$" "$OUT"
echo "make-base-image: wrote $OUT ($(du -h "$OUT" | cut -f1), layer sha256:$DIFF)"
