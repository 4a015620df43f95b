#!/bin/sh
# kos-policy compile and test on the host (TAP): the worked example of
# Documentation/policy.rst, error reports with file:line:column, and the
# offline policy tests.
here=$(cd "$(dirname "$0")" && pwd)
kp=$here/../../tools/kos-policy
n=0
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

t() {	# t OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fails=$((fails + 1)); fi
}

# err NAME EXPECTED-MESSAGE: compiling $tmp/NAME.psl fails with exactly it
err() {
	out=$("$kp" compile "$tmp/$1.psl" -o "$tmp/$1.kpol" 2>&1)
	rc=$?
	[ $rc = 1 ] && [ "$out" = "$tmp/$1.psl:$2" ] && [ ! -e "$tmp/$1.kpol" ]
	t $? "$1: $2 (got rc $rc: $out)"
}

# The worked example exactly as Documentation/policy.rst gives it.
root=$(cd "$here/../../.." && pwd)
[ -f "$root/Documentation/policy.rst" ] || root=$(cd "$here/../.." && pwd)
doc=$root/Documentation/policy.rst
bash "$root/scripts/rst-block" echo.psl "$doc" >"$tmp/echo.psl"
bash "$root/scripts/rst-block" echo.tests "$doc" >"$tmp/echo.tests"
documented=$(grep -A1 '^    \$ kos-policy test echo.psl echo.tests$' "$doc" | tail -n1 | sed 's/^ *//')
out=$("$kp" test "$tmp/echo.psl" "$tmp/echo.tests")
[ $? = 0 ] && [ "$out" = "$documented" ]; t $? "the documented tests print '$documented' ($out)"
cat >>"$tmp/echo.tests" <<'TESTS'
deny  request src=Unknown dst=Server
grant execute src=Einit dst=Client
deny  security src=Client
TESTS

"$kp" compile "$tmp/echo.psl" -o "$tmp/echo.kpol"
t $? "the worked example compiles"
magic=$(od -An -tx4 -N4 "$tmp/echo.kpol" | tr -d ' ')
[ "$magic" = 4c4f504b ]; t $? "the blob starts with the KPOL magic ($magic)"
out=$("$kp" test "$tmp/echo.psl" "$tmp/echo.tests")
[ $? = 0 ] && [ "$out" = "10 passed, 0 failed" ]; t $? "all policy tests pass ($out)"

echo "grant request src=Client dst=Server endpoint=echo.Echo method=Reset" >>"$tmp/echo.tests"
out=$("$kp" test "$tmp/echo.psl" "$tmp/echo.tests")
rc=$?
[ $rc = 1 ] && [ "$(echo "$out" | tail -n1)" = "10 passed, 1 failed" ] &&
	echo "$out" | grep -q "echo.tests:11: FAIL: expected grant, got deny (rule at line 23)"
t $? "a wrong expectation fails and names the deciding rule (rc $rc: $(echo "$out" | tr '\n' ' '))"

out=$("$kp" show "$tmp/echo.kpol")
echo "$out" | grep -q "^request src=Client dst=Server endpoint=16 method=2 { deny () }  // line 23$" &&
	echo "$out" | grep -q "^request { deny () }$" && echo "$out" | grep -q "^use EDL Server$"
t $? "show prints the compiled rules in PSL form"

printf 'use nk.base._\nuse EDL A\nrequest src=B { grant () }\n' >"$tmp/unknown_class.psl"
err unknown_class "3:13: error: unknown process class 'B' (declare it with 'use EDL B')"
printf 'use nk.base._\nuse EDL A\nrequest src=A { grant () }\n  request  src=A { deny () }\n' >"$tmp/dup.psl"
err dup "4:3: error: duplicate rule: same selectors as line 3:1"
printf 'use nk.base._\nrequest { grant () }\nrequest { deny () }\n' >"$tmp/dup_default.psl"
err dup_default "3:1: error: duplicate default request rule (first at line 2)"
printf 'use nk.base._\nrequest { grant ( }\n' >"$tmp/syntax.psl"
err syntax "2:19: error: expected ')', got '}'"
printf 'use nk.base._\nrequest method=Ping { grant () }\n' >"$tmp/method_name.psl"
err method_name "2:21: error: method 'Ping' given by name needs endpoint= by name"
printf 'request { grant () }\n' >"$tmp/no_base.psl"
err no_base "1:11: error: 'grant' needs 'use nk.base._' or a policy object"
printf 'use nk.base._\nendpoint e = 1 { m = 1; }\nrequest endpoint=e method=x { grant () }\n' >"$tmp/no_method.psl"
err no_method "3:29: error: endpoint 'e' has no method 'x'"
printf 'use nk.base._\nrequest endpoint=nope { grant () }\n' >"$tmp/no_ep.psl"
err no_ep "2:18: error: unknown endpoint 'nope'"
printf 'use nk.base._\nrequest { x.grant () }\n' >"$tmp/no_obj.psl"
err no_obj "2:11: error: unknown policy object 'x'"
printf 'use nk.base._\nrequest {\n}\n' >"$tmp/empty.psl"
err empty "3:1: error: empty rule body"
printf 'use nk.base._\nrequest endpoint=4294967295 { grant () }\n' >"$tmp/big.psl"
err big "2:18: error: bad number (0..0xfffffffe)"
printf 'use nk.base._\n/* open' >"$tmp/comment.psl"
err comment "2:1: error: unterminated comment"
printf 'use nk.base._\nfrobnicate\n' >"$tmp/stmt.psl"
err stmt "2:1: error: unexpected 'frobnicate' (expected a declaration or a section)"
printf 'use nk.base._\nuse EDL A\nuse EDL A\n' >"$tmp/dup_class.psl"
err dup_class "3:9: error: class 'A' declared twice"
printf 'use nk.base._\nendpoint e = 1 { m = 1; m = 2; }\n' >"$tmp/dup_method.psl"
err dup_method "2:25: error: method 'm' declared twice"

"$kp" compile "$tmp/echo.psl" >/dev/null 2>&1
[ $? = 2 ]; t $? "compile without -o is a usage error"
"$kp" --help | grep -q "kos-policy test FILE.psl TESTS"; t $? "--help documents the subcommands"

echo "1..$n"
[ $fails = 0 ]
