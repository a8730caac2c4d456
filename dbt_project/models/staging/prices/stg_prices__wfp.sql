{{ stg_price_observations('wfp') }}
