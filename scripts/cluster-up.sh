#!/usr/bin/env bash
# Runs a PostgreSQL-clustered service on this machine: N silos and M gateways as separate processes on loopback
# ports, all in one Orleans cluster. Stops everything it started on Ctrl-C (or when any process exits).
#
#   scripts/cluster-up.sh [silos] [gateways]         (default: 2 silos, 2 gateways)
#
# Database: AUTHZ_DATABASE (an Npgsql connection string; default: the local server CI uses, database "authz").
# The database is created if missing and its schema applied (safe to repeat).
# Ports: silo i listens on 11111+i (silos), 30000+i (Orleans gateway), 8081+i (gRPC health);
#        gateway j serves the gRPC API on 50051+j.
set -euo pipefail
cd "$(dirname "$0")/.."

silos=${1:-2}
gateways=${2:-2}
export ConnectionStrings__Authz=${AUTHZ_DATABASE:-"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=authz"}
export Orleans__Storage=AdoNet
export Orleans__ClusterId=${AUTHZ_CLUSTER_ID:-authz-local}
export Orleans__AdvertisedAddress=127.0.0.1
export Auth__SigningKeys__0=${AUTHZ_SIGNING_KEY:-$(head -c 32 /dev/urandom | base64)}
export Auth__OperatorKey=${AUTHZ_OPERATOR_KEY:-op_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}

if ! build=$(dotnet build -c Release -v q src/Gateway 2>&1); then
  echo "$build" >&2
  exit 1
fi
silo_dll=src/Silo/bin/Release/net10.0/Authz.Silo.dll
gateway_dll=src/Gateway/bin/Release/net10.0/Authz.Gateway.dll
dotnet "$silo_dll" --setup-database

pids=()
stop() {
  trap - EXIT INT TERM
  echo "stopping ${#pids[@]} process(es)"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT INT TERM

for ((i = 0; i < silos; i++)); do
  Orleans__SiloPort=$((11111 + i)) Orleans__GatewayPort=$((30000 + i)) Orleans__SiloName="silo-$i" Health__Port=$((8081 + i)) \
    dotnet "$silo_dll" > >(sed "s/^/[silo-$i] /") 2>&1 &
  pids+=($!)
done
for ((j = 0; j < gateways; j++)); do
  Gateway__Port=$((50051 + j)) dotnet "$gateway_dll" > >(sed "s/^/[gateway-$j] /") 2>&1 &
  pids+=($!)
done

echo "cluster ${Orleans__ClusterId}: ${silos} silo(s) (health on 127.0.0.1:8081..), ${gateways} gateway(s) on 127.0.0.1:50051.."
echo "operator key: ${Auth__OperatorKey}"
wait -n "${pids[@]}"
