# Sourced by the image build scripts: a Debian minbase root file system with a few packages
# (debootstrap, checked against Debian's archive keys, cached as a tarball) imported as a local
# base image, without any container registry. Needs the caller's `log`, `step` and CACHE_DIR.

# First URI of SUITE from the machine's apt sources, deb822 or one-line. Any suite the mirror
# serves works (a bookworm host builds a trixie base), so a bookworm entry is the fallback.
apt_mirror() {
  local suite f
  for suite in "$1" bookworm; do
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      # deb822: paragraphs separated by blank lines; pick one whose Suites has the suite.
      awk -v suite="$suite" '
        BEGIN { RS=""; FS="\n" }
        {
          uris=""; suites=""; types=""; enabled="yes"
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^URIs:/)    { uris=$i;    sub(/^URIs:[ \t]*/, "", uris) }
            if ($i ~ /^Suites:/)  { suites=" " $i " " }
            if ($i ~ /^Types:/)   { types=$i }
            if ($i ~ /^Enabled:[ \t]*no/) { enabled="no" }
          }
          if (enabled == "yes" && types ~ /(^|[ \t])deb([ \t]|$)/ && suites ~ (" " suite "[ \n]")) {
            split(uris, u, /[ \t]+/); print u[1]; exit
          }
        }' "$f"
    done | head -n1 | grep . && return 0
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      # one-line: deb [opts] URI SUITE components
      sed -E 's/\[[^]]*\]//' "$f" | awk -v suite="$suite" '$1=="deb" && $3==suite {print $2; exit}'
    done | head -n1 | grep . && return 0
  done
  return 1
}

# debian_base SUITE PACKAGES BASE_TAG JAVA_HOME ROOTFS_TAR
debian_base() {
  local suite="$1" packages="$2" base_tag="$3" java_home="$4" rootfs_tar="$5"
  step "rootfs: debootstrap $suite minbase + $packages (cached)"
  if [ -s "$rootfs_tar" ]; then
    log "reusing $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
  else
    [ "$(id -u)" -eq 0 ] || { log "debootstrap needs root; re-run with sudo"; false; }
    if ! command -v debootstrap >/dev/null 2>&1; then
      log "installing debootstrap (apt-get)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    fi
    local mirror="${DEBIAN_MIRROR:-$(apt_mirror "$suite" || true)}"
    [ -n "$mirror" ] || { log "no Debian mirror found in /etc/apt/sources.list*; set DEBIAN_MIRROR"; false; }
    log "mirror (from apt sources): $mirror"
    local rootfs="${rootfs_tar%.tar}.tmp"
    rm -rf "$rootfs"
    # An explicit keyring: every package is checked against Debian's archive signing keys.
    local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    [ -s "$keyring" ] || { log "no $keyring: apt-get install debian-archive-keyring"; false; }
    debootstrap --keyring="$keyring" --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" \
      >"$CACHE_DIR/rootfs/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE_DIR/rootfs/debootstrap.log" >&2; rm -rf "$rootfs"; false; }
    log "debootstrap done; trimming apt caches, docs, man pages"
    # Smaller image; nothing at runtime needs these. apt lists are re-creatable.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
           "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
           "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
    # Write to a temp name first so an interrupted run never leaves a half tarball cached.
    tar --numeric-owner -C "$rootfs" -cf "$rootfs_tar.tmp" .
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    rm -rf "$rootfs"
    log "rootfs tarball $rootfs_tar ($(du -h "$rootfs_tar" | cut -f1))"
  fi
  # Identity of the tarball, so the base image is re-imported when the tarball changes.
  local rootfs_id
  rootfs_id="$(stat -c '%s-%Y' "$rootfs_tar")"

  step "base: docker import -> $base_tag"
  local have_rootfs_id
  have_rootfs_id="$(docker image inspect -f '{{ index .Config.Labels "io.kafka-iac.rootfs-id" }}' "$base_tag" 2>/dev/null || true)"
  if [ "$have_rootfs_id" = "$rootfs_id" ]; then
    log "base image $base_tag is current"
  else
    local old_base_id
    old_base_id="$(docker image inspect -f '{{.Id}}' "$base_tag" 2>/dev/null || true)"
    docker import \
      --change "LABEL io.kafka-iac.rootfs-id=$rootfs_id" \
      --change 'ENV LANG=C.UTF-8' \
      --change "ENV JAVA_HOME=$java_home" \
      --change 'CMD ["/bin/bash"]' \
      "$rootfs_tar" "$base_tag" >/dev/null
    log "imported $base_tag"
    # The old base goes away once no image/container depends on it (rm fails otherwise).
    [ -z "$old_base_id" ] || docker image rm "$old_base_id" >/dev/null 2>&1 || true
  fi
}
