import type { ReactNode } from 'react';

export interface StaffFrameProps {
  /** The page's title, as its navigation bar shows it. */
  title: string;
  children: ReactNode;
}

/** In WeChat a staff page is the phone layout it always was: the frame adds nothing. */
export function StaffFrame({ children }: StaffFrameProps) {
  return <>{children}</>;
}

/** WeChat is always a phone: no desktop layout. */
export function useDesktop(): boolean {
  return false;
}
