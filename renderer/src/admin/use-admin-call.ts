import { useCallback, useEffect, useState } from 'react';
import type { ContractError, RequestOf, ResultOf } from '../../../preload/contract';
import type { AdminChannel } from '../state/admin-slice';
import { useAppStore } from '../state/store-context';

export interface AdminCall<C extends AdminChannel> {
  readonly data: ResultOf<C> | null;
  readonly error: ContractError | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Loads one admin channel for the given request, again whenever the request changes. */
export function useAdminCall<C extends AdminChannel>(channel: C, request: RequestOf<C>): AdminCall<C> {
  const adminRequest = useAppStore((s) => s.adminRequest);
  const [data, setData] = useState<ResultOf<C> | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const key = JSON.stringify(request);
  useEffect(() => {
    let current = true;
    setLoading(true);
    void adminRequest(channel, JSON.parse(key) as RequestOf<C>).then((result) => {
      if (!current) return;
      setLoading(false);
      if (result.ok) {
        setData(result.value);
        setError(null);
      } else setError(result.error);
    });
    return () => {
      current = false;
    };
  }, [adminRequest, channel, key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}
