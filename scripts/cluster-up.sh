#!/usr/bin/env bash
# Runs a PostgreSQL-clustered service on this machine: N silos and M gateways as separate processes on loopback
# ports, all in one Orleans cluster. Ctrl-C stops them all; a process that exits (or that you kill to try a
# fail-over) stops alone, and the others keep running.
#
#   scripts/cluster-up.sh [silos] [gateways]         (default: 2 silos, 2 gateways)
#
# Database: AUTHZ_DATABASE (an Npgsql connection string; default: the local server CI uses, database "authz").
# The database is created if missing and its schema applied (safe to repeat).
# Ports: silo i listens on AUTHZ_SILO_PORT+i (default 11111, silo-to-silo), AUTHZ_ORLEANS_GATEWAY_PORT+i
#        (default 30000, Orleans clients) and AUTHZ_HEALTH_PORT+i (default 8081, gRPC health); gateway j serves
#        the gRPC API on AUTHZ_GATEWAY_PORT+j (default 50051). Every port is checked free before anything starts.
set -euo pipefail
cd "$(dirname "$0")/.."

silos=${1:-2}
gateways=${2:-2}
silo_port=${AUTHZ_SILO_PORT:-11111}
orleans_gateway_port=${AUTHZ_ORLEANS_GATEWAY_PORT:-30000}
health_port=${AUTHZ_HEALTH_PORT:-8081}
gateway_port=${AUTHZ_GATEWAY_PORT:-50051}
export ConnectionStrings__Authz=${AUTHZ_DATABASE:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=authz"}
export Orleans__Storage=AdoNet
export Orleans__ClusterId=${AUTHZ_CLUSTER_ID:-authz-local}
export Orleans__AdvertisedAddress=127.0.0.1
export Auth__SigningKeys__0=${AUTHZ_SIGNING_KEY:-$(head -c 32 /dev/urandom | base64)}
export Auth__OperatorKey=${AUTHZ_OPERATOR_KEY:-op_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}

# Kestrel and Orleans may share a port another process listens on without an error, so look before starting.
require_free() { # port, what, variable that moves it
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 ($2) is in use on 127.0.0.1: stop what listens there (ss -ltnp 'sport = :$1') or set $3 to another base port" >&2
    exit 1
  fi
}
for ((i = 0; i < silos; i++)); do
  require_free $((silo_port + i)) "silo-$i silo-to-silo" AUTHZ_SILO_PORT
  require_free $((orleans_gateway_port + i)) "silo-$i Orleans gateway" AUTHZ_ORLEANS_GATEWAY_PORT
  require_free $((health_port + i)) "silo-$i health" AUTHZ_HEALTH_PORT
done
for ((j = 0; j < gateways; j++)); do
  require_free $((gateway_port + j)) "gateway-$j gRPC API" AUTHZ_GATEWAY_PORT
done

if ! build=$(dotnet build -c Release -v q src/Gateway 2>&1); then
  echo "$build" >&2
  exit 1
fi
silo_dll=src/Silo/bin/Release/net10.0/Authz.Silo.dll
gateway_dll=src/Gateway/bin/Release/net10.0/Authz.Gateway.dll
dotnet "$silo_dll" --setup-database

declare -A names=()
stop() {
  trap - EXIT INT TERM
  echo "stopping ${#names[@]} process(es)"
  kill "${!names[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'stop; exit 130' INT TERM

# Each line of output gets the process's name; sed -u passes it on at once (sed buffers by the block when its
# output is a file or a pipe, which held logs back by a minute when this script's output was redirected).
start() { # name, command...
  local name=$1
  shift
  "$@" > >(sed -u "s/^/[$name] /") 2>&1 &
  names[$!]=$name
  echo "[$name] pid $!"
}

for ((i = 0; i < silos; i++)); do
  Orleans__SiloPort=$((silo_port + i)) Orleans__GatewayPort=$((orleans_gateway_port + i)) Orleans__SiloName="silo-$i" \
    Health__Port=$((health_port + i)) start "silo-$i" dotnet "$silo_dll"
done
for ((j = 0; j < gateways; j++)); do
  Gateway__Port=$((gateway_port + j)) start "gateway-$j" dotnet "$gateway_dll"
done

echo "cluster ${Orleans__ClusterId}: ${silos} silo(s) (health on 127.0.0.1:${health_port}..), ${gateways} gateway(s) on 127.0.0.1:${gateway_port}.."
echo "operator key: ${Auth__OperatorKey}"
echo "to try a fail-over, kill one silo by its pid above (kill <pid>: graceful; kill -9 <pid>: a crash); Ctrl-C stops all"
running=${#names[@]}
while ((running > 0)); do
  status=0
  wait -n -p exited "${!names[@]}" || status=$?
  [[ -n ${exited:-} ]] || break
  echo "[${names[$exited]}] exited with status $status; $((--running)) process(es) still running"
  unset "names[$exited]"
  exited=
done
