#!/bin/bash
# The bash completion of the tools (packaging/bash-completion/kos): options,
# modes, subcommands, formats, policy kinds, and the profile names that
# kos-profile lists, each offered where it belongs.  TAP.
set -u
root=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$root/build}
export PATH=$build/tools:$PATH LD_LIBRARY_PATH=$build/lib
n=0 rc=0
t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; rc=1; fi
}
# offers "COMMAND LINE" WORD...: completing the line's last word offers every WORD
offers() {
	local line=$1 w got
	shift
	got=$(bash -c '
		. "$1"
		read -ra COMP_WORDS <<<"$2"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		f=$(complete -p "${COMP_WORDS[0]}" | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
		$f
		printf "%s\n" "${COMPREPLY[@]}"' _ "$root/packaging/bash-completion/kos" "$line")
	for w in "$@"; do
		grep -qx -- "$w" <<<"$got" || { echo "# '$line': no '$w' among: $(echo $got)"; return 1; }
	done
}
echo "TAP version 13"
echo "1..9"
bash -n "$root/packaging/bash-completion/kos"
t $? "the completion file is valid bash"
offers "kos-run --" --profile --mode --log --oci-hook --help
t $? "kos-run: its options"
offers "kos-run --profile " kasperskyos mystikos
t $? "kos-run --profile: the profiles kos-profile lists"
offers "kos-run -m a" audit
t $? "kos-run --mode: the modes"
offers "kos-profile " list show export scan
t $? "kos-profile: its subcommands"
offers "kos-profile export k" kasperskyos
t $? "kos-profile export: a profile name"
offers "kos-profile export mystikos --format " oci pfc bpf
t $? "kos-profile export --format: the formats"
offers "kos-policy check " request response error security execute
t $? "kos-policy check: the policy kinds"
offers "kos-ping --s" --serve
t $? "kos-ping: its options"
exit $rc
