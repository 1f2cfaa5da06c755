// Polaris' linkComponent: in-app links go through navigate() instead of reloading the page.
import type { AppProviderProps } from '@shopify/polaris';
import type { ComponentProps, MouseEvent } from 'react';
import { navigate } from './router.js';

type LinkLikeComponentProps = ComponentProps<NonNullable<AppProviderProps['linkComponent']>>;

function isInAppUrl(url: string): boolean {
  const target = new URL(url, window.location.href);
  return target.origin === window.location.origin;
}

export function RouterLink({ url, external, target, children, onClick, ...rest }: LinkLikeComponentProps) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const plainClick =
      event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (
      event.defaultPrevented ||
      !plainClick ||
      external === true ||
      (target !== undefined && target !== '_self')
    )
      return;
    if (!isInAppUrl(url)) return;
    event.preventDefault();
    navigate(url);
  };
  const opensElsewhere = external === true || target === '_blank';
  return (
    <a
      {...rest}
      href={url}
      target={opensElsewhere ? '_blank' : target}
      rel={opensElsewhere ? 'noopener noreferrer' : undefined}
      onClick={handleClick}
    >
      {children}
    </a>
  );
}
